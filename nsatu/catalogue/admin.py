from django.contrib import admin

from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.core.admin_base import SuperuserOnlyAdmin


@admin.register(ItemType)
class ItemTypeAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "category", "capability_area", "standard", "nsn"]
    list_filter = ["capability_area", "standard"]
    search_fields = ["name", "nsn"]


@admin.register(AmmunitionFamily)
class AmmunitionFamilyAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "calibre_mm", "standard"]
