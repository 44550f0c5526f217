from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.pledges.models import Pledge, ReportedAid, ReportedHeavyWeapons


@admin.register(Pledge)
class PledgeAdmin(SuperuserOnlyAdmin):
    list_display = [
        "donor",
        "item_type",
        "description",
        "quantity",
        "status",
        "releasability",
        "dataset",
    ]
    list_filter = ["status", "kind", "releasability", "dataset"]
    search_fields = ["description", "item_type__name"]


@admin.register(ReportedAid)
class ReportedAidAdmin(SuperuserOnlyAdmin):
    list_display = [
        "donor",
        "year",
        "month",
        "military_eur",
        "financial_eur",
        "humanitarian_eur",
        "total_eur",
    ]
    list_filter = ["year"]


@admin.register(ReportedHeavyWeapons)
class ReportedHeavyWeaponsAdmin(SuperuserOnlyAdmin):
    list_display = ["donor", "category", "number", "value_eur"]
