from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.council.models import Action, ActionLink, Decision, Meeting


@admin.register(Meeting)
class MeetingAdmin(SuperuserOnlyAdmin):
    list_display = ["date", "place", "level"]
    list_filter = ["level"]


@admin.register(Decision)
class DecisionAdmin(SuperuserOnlyAdmin):
    list_display = ["meeting", "text"]


@admin.register(Action)
class ActionAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "owner", "due_date", "status"]
    list_filter = ["status"]


@admin.register(ActionLink)
class ActionLinkAdmin(SuperuserOnlyAdmin):
    list_display = ["action", "milestone", "pledge", "agreement", "linked_by", "linked_at"]
