from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.parties.models import DefenceSpending, GdpFigure, Party


@admin.register(Party)
class PartyAdmin(SuperuserOnlyAdmin):
    list_display = ["code", "name", "kind", "releasability"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(GdpFigure)
class GdpFigureAdmin(SuperuserOnlyAdmin):
    list_display = ["party", "year", "usd"]
    list_filter = ["year"]


@admin.register(DefenceSpending)
class DefenceSpendingAdmin(SuperuserOnlyAdmin):
    list_display = ["party", "year", "pct_gdp", "is_estimate"]
    list_filter = ["year", "is_estimate"]
