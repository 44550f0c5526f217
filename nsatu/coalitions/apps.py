from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "nsatu.coalitions"
    label = "coalitions"
