from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "nsatu.coverage"
    label = "coverage"
