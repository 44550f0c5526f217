from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    label = "intake"
    name = "nsatu.intake"
    verbose_name = _("Reading pledges out of documents")
