from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.sources.models import Dataset, ImportIssue


@admin.register(Dataset)
class DatasetAdmin(SuperuserOnlyAdmin):
    list_display = ["key", "title", "records_imported", "imported_at"]


@admin.register(ImportIssue)
class ImportIssueAdmin(SuperuserOnlyAdmin):
    list_display = ["dataset", "row", "column", "severity", "reason"]
    list_filter = ["dataset", "severity"]
