from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nsatu.core"
    label = "core"
