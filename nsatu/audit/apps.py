from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nsatu.audit"
    label = "audit"
