from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "nsatu.pledges"
    label = "pledges"
