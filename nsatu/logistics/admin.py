from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.logistics.models import Hub


@admin.register(Hub)
class HubAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "country", "lat", "lon", "capacity_t_month", "releasability"]
    search_fields = ["name", "role"]
