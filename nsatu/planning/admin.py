from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.planning.models import AllocationRun, Claim, PlanLine, Shortfall


@admin.register(AllocationRun)
class AllocationRunAdmin(SuperuserOnlyAdmin):
    list_display = [
        "id",
        "status",
        "progress",
        "solver_status",
        "objective",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]


@admin.register(PlanLine)
class PlanLineAdmin(SuperuserOnlyAdmin):
    list_display = ["run", "owner", "requirement", "item_type", "quantity", "arrival", "state"]
    list_filter = ["state", "owner"]


@admin.register(Shortfall)
class ShortfallAdmin(SuperuserOnlyAdmin):
    list_display = ["run", "requirement", "quantity", "covered"]


@admin.register(Claim)
class ClaimAdmin(SuperuserOnlyAdmin):
    list_display = ["donor", "requirement", "claimed_by", "expires_at", "released_at"]
