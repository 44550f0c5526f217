from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "nsatu.parties"
    label = "parties"
