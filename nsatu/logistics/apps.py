from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "nsatu.logistics"
    label = "logistics"
