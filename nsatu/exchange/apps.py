from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "nsatu.exchange"
    label = "exchange"
