from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "nsatu.production"
    label = "production"
