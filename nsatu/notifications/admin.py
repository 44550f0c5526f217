from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.notifications.models import NoticePreference, Notification


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ["recipient", "subject", "kind", "delivery", "created_at", "read_at"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "kind", "delivery"]
