from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "nsatu.agreements"
    label = "agreements"
