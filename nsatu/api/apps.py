from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "nsatu.api"
    label = "api"
