from django.contrib import admin

from nsatu.agreements.models import Agreement, AgreementLink, Commitment, FundEntry, Signatory
from nsatu.core.admin_base import SuperuserOnlyAdmin


@admin.register(Agreement)
class AgreementAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "kind", "status", "signed_on", "duration_years", "framework"]
    list_filter = ["kind", "status"]


@admin.register(Signatory)
class SignatoryAdmin(SuperuserOnlyAdmin):
    list_display = ["agreement", "party", "joined_on", "source_url"]


@admin.register(Commitment)
class CommitmentAdmin(SuperuserOnlyAdmin):
    list_display = ["agreement", "year", "amount", "currency", "amount_eur", "gdp_share_pct"]


@admin.register(AgreementLink)
class AgreementLinkAdmin(SuperuserOnlyAdmin):
    list_display = ["agreement", "pledge", "flow", "linked_by", "linked_at"]


@admin.register(FundEntry)
class FundEntryAdmin(SuperuserOnlyAdmin):
    list_display = ["fund", "kind", "counterparty", "date", "amount", "currency", "amount_eur"]
    list_filter = ["kind"]
