from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "nsatu.sources"
    label = "sources"
