from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.resilience.models import Scenario, ScenarioRule


class ScenarioRuleInline(admin.TabularInline):  # type: ignore[type-arg]  # generic only in the stubs
    model = ScenarioRule
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "owner", "horizon_months", "as_of", "releasability", "created_by"]
    search_fields = ["name"]
    inlines = [ScenarioRuleInline]
