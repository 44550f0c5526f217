from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.needs.models import Requirement


@admin.register(Requirement)
class RequirementAdmin(SuperuserOnlyAdmin):
    list_display = [
        "reference",
        "title",
        "capability_area",
        "quantity",
        "unit",
        "unit_kind",
        "period",
        "priority",
        "needed_by",
        "status",
    ]
    list_filter = ["status", "capability_area", "unit_kind", "period", "illustrative"]
    search_fields = ["reference", "title"]
