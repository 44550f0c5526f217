"""`nsatu export frameworks`: every framework's signatories with their sources, then every bilateral agreement
with the framework it was concluded under (empty where no source says so). Reads through the selectors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nsatu.agreements.frameworks import framework_list, framework_signatories
from nsatu.agreements.models import Agreement, AgreementKind
from nsatu.agreements.selectors import agreement_list
from nsatu.core.actors import Reader
from nsatu.core.refs import ref_id, ref_shown
from nsatu.core.tables import Table

# As nsatu.exchange.exports types it; not imported from there, which registers this builder in its TABLES.
type Options = Mapping[str, Any]

COLUMNS = [
    "row",
    "framework_id",
    "framework",
    "party",
    "party_name",
    "date",
    "agreement_id",
    "source_url",
]


def _partner(agreement: Agreement) -> tuple[str, str]:
    partner = next((p for p in agreement.parties.all() if p.code != "UKR"), None)
    return (partner.code, partner.name) if partner else ("", "")


def table_frameworks(*, user: Reader, options: Options) -> Table:
    rows: list[list[object]] = []
    for framework in framework_list(user=user):
        rows.append(
            [
                "framework",
                framework.pk,
                framework.title,
                "",
                "",
                framework.signed_on,
                framework.pk,
                framework.source_url,
            ]
        )
        rows.extend(
            [
                "signatory",
                framework.pk,
                framework.title,
                s.party.code,
                s.party.name,
                s.joined_on,
                "",
                s.source_url,
            ]
            for s in framework_signatories(user=user, framework=framework)
        )
    for agreement in agreement_list(user=user, kind=AgreementKind.BILATERAL):
        under = ref_shown(agreement, "framework")
        code, name = _partner(agreement)
        rows.append(
            [
                "agreement",
                ref_id(agreement, "framework") or "",
                under.title if isinstance(under, Agreement) else "",
                code,
                name,
                agreement.signed_on,
                agreement.pk,
                agreement.framework_source_url if under is not None else "",
            ]
        )
    return Table(COLUMNS, rows)
