from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "nsatu.catalogue"
    label = "catalogue"
