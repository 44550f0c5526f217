from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.roadmap.models import Milestone, MilestoneLink


@admin.register(Milestone)
class MilestoneAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "area", "owner", "due_date", "status"]
    list_filter = ["area", "status"]


@admin.register(MilestoneLink)
class MilestoneLinkAdmin(SuperuserOnlyAdmin):
    list_display = ["milestone", "pledge", "course", "agreement", "linked_by", "linked_at"]
