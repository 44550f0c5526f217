from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.production.models import JointProject, ProjectCapacity, ProjectFunding, ProjectPartner


@admin.register(JointProject)
class JointProjectAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "item_type", "status", "owner", "releasability"]
    list_filter = ["status", "releasability"]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(SuperuserOnlyAdmin):
    list_display = ["project", "name", "role", "country"]


@admin.register(ProjectCapacity)
class ProjectCapacityAdmin(SuperuserOnlyAdmin):
    list_display = ["project", "from_month", "units_per_month"]


@admin.register(ProjectFunding)
class ProjectFundingAdmin(SuperuserOnlyAdmin):
    list_display = ["project", "pledge", "flow", "note"]
    raw_id_fields = ["pledge", "flow"]
