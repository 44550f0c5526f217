from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.resilience.models import Scenario, ScenarioRule


class ScenarioRuleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ScenarioRule
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Scenario)
class ScenarioAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "owner", "horizon_months", "as_of", "releasability", "created_by"]
    search_fields = ["name"]
    inlines = [ScenarioRuleInline]
