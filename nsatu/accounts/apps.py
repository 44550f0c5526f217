from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nsatu.accounts"
    label = "accounts"
