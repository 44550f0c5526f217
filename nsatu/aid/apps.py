from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "nsatu.aid"
    label = "aid"
