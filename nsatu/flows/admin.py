from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.flows.models import Flow


@admin.register(Flow)
class FlowAdmin(SuperuserOnlyAdmin):
    list_display = [
        "source",
        "destination",
        "parent",
        "kind",
        "amount",
        "currency",
        "amount_eur",
        "date",
    ]
    list_filter = ["kind", "currency"]
