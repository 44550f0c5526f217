from django.contrib import admin

from nsatu.audit.models import AuditEvent
from nsatu.core.admin_base import SuperuserOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
