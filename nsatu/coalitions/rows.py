"""Coalitions as a table: one shape for the list page's CSV/XLSX and `nsatu export coalitions`. No reads here:
the selectors hand the coalitions and their marked members in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.refs import ref_shown
from nsatu.core.tables import Table
from nsatu.parties.models import Coalition, CoalitionMember, Party

COLUMNS = [
    "id",
    "coalition",
    "udcg",
    "capability_area",
    "capability_area_label",
    "area_source_url",
    "leads",
    "lead_sources",
    "members",
    "member_sources",
    "member_count",
    "established",
    "established_source_url",
    "source_url",
    "dataset",
    "source_row",
    "illustrative",
]


def _party(m: CoalitionMember) -> str:
    """A member's code, or the restricted label when the reader may not see the party."""
    party = ref_shown(m, "party")
    return party.code if isinstance(party, Party) else _("a restricted party")


def _sources(rows: list[CoalitionMember]) -> str:
    return " ; ".join(f"{_party(m)} {m.source_url}".strip() for m in rows)


def coalition_row(coalition: Coalition, members: list[CoalitionMember]) -> list[object]:
    leads = [m for m in members if m.lead]
    others = [m for m in members if not m.lead]
    dataset = coalition.dataset
    return [
        coalition.pk,
        coalition.name,
        coalition.udcg,
        coalition.capability_area,
        str(CapabilityArea(coalition.capability_area).label),
        coalition.area_source_url,
        ";".join(_party(m) for m in leads),
        _sources(leads),
        ";".join(_party(m) for m in others),
        _sources(others),
        len(members),
        coalition.established,
        coalition.established_source_url,
        coalition.source_url,
        dataset.key if dataset is not None else "",
        coalition.source_row,
        bool(dataset is not None and dataset.illustrative),
    ]


def coalition_table(
    coalitions: list[Coalition], members: dict[int, list[CoalitionMember]]
) -> Table:
    return Table(list(COLUMNS), [coalition_row(c, members.get(c.pk, [])) for c in coalitions])
