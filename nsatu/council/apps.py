from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "nsatu.council"
    label = "council"
