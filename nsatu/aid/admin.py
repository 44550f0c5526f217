from django.contrib import admin

from nsatu.aid.models import LinkDecision
from nsatu.core.admin_base import SuperuserOnlyAdmin


@admin.register(LinkDecision)
class LinkDecisionAdmin(SuperuserOnlyAdmin):
    list_display = ["first", "second", "verdict", "decided_by", "decided_at", "withdrawn_at"]
    list_filter = ["verdict"]
    list_select_related = ["first", "second", "decided_by"]
