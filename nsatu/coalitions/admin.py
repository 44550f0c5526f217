from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.parties.models import Coalition, CoalitionMember


class CoalitionMemberInline(admin.TabularInline):  # type: ignore[type-arg]  # generic only in the stubs
    model = CoalitionMember
    extra = 0
    can_delete = False


# The model lives in nsatu.parties (reference data); the admin sits with the pages that show it.
@admin.register(Coalition)
class CoalitionAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "capability_area", "udcg", "established", "releasability"]
    list_filter = ["capability_area", "udcg"]
    search_fields = ["name"]
    inlines = [CoalitionMemberInline]
