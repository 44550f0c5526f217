from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.intake.models import Claim, SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(SuperuserOnlyAdmin):
    list_display = [
        "id",
        "title",
        "kind",
        "published_on",
        "uploaded_by",
        "releasability",
        "created_at",
    ]
    list_filter = ["kind", "releasability"]
    search_fields = ["title", "source_url", "sha256"]


@admin.register(Claim)
class ClaimAdmin(SuperuserOnlyAdmin):
    list_display = [
        "id",
        "document",
        "donor",
        "kind",
        "amount",
        "currency",
        "quantity",
        "classification",
        "status",
        "confidence",
    ]
    list_filter = ["classification", "status", "kind"]
    search_fields = ["sentence", "evidence"]
