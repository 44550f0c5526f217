from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nsatu.demo"
    label = "demo"
    verbose_name = "Demo data"
