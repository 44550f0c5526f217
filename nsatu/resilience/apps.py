from django.apps import AppConfig


class ResilienceConfig(AppConfig):
    name = "nsatu.resilience"
    label = "resilience"
