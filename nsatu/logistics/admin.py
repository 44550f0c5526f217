from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.logistics.models import Discrepancy, Hub, Receipt, RepairOrder, Shipment, ShipmentLine


@admin.register(Hub)
class HubAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "country", "lat", "lon", "capacity_t_month", "releasability"]
    search_fields = ["name", "role"]


class ShipmentLineInline(admin.TabularInline):  # type: ignore[type-arg]  # generic only in the stubs
    model = ShipmentLine
    extra = 0
    can_delete = False


@admin.register(Shipment)
class ShipmentAdmin(SuperuserOnlyAdmin):
    list_display = [
        "reference",
        "donor",
        "hub",
        "status",
        "planned_handover",
        "releasability",
        "illustrative",
    ]
    list_filter = ["status", "illustrative"]
    search_fields = ["reference", "origin", "handover_point"]
    inlines = [ShipmentLineInline]


@admin.register(Receipt)
class ReceiptAdmin(SuperuserOnlyAdmin):
    list_display = ["line", "received_on", "quantity", "recorded_by"]


@admin.register(Discrepancy)
class DiscrepancyAdmin(SuperuserOnlyAdmin):
    list_display = ["line", "kind", "quantity", "recorded_by"]


@admin.register(RepairOrder)
class RepairOrderAdmin(SuperuserOnlyAdmin):
    list_display = ["reference", "item_type", "quantity", "facility", "status", "expected_return"]
    list_filter = ["status"]
