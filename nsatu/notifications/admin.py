from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ["recipient", "subject", "created_at", "read_at"]
