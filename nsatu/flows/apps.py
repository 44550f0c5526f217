from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "nsatu.flows"
    label = "flows"
