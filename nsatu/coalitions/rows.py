"""Coalitions as a table: `nsatu export coalitions` keeps its machine column keys (COLUMNS); the list page's CSV
and XLSX carry the same facts under the labels a person reads (PAGE_HEADER). No reads here: the selectors hand
the coalitions and their marked members in."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.refs import ref_shown
from nsatu.core.tables import Table, yes_no
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


PAGE_HEADER: list[Promise] = [
    gettext_lazy("Id"),
    gettext_lazy("Coalition"),
    gettext_lazy("Format"),
    gettext_lazy("Capability area"),
    gettext_lazy("Source for the area"),
    gettext_lazy("Leads"),
    gettext_lazy("Sources for the leads"),
    gettext_lazy("Members"),
    gettext_lazy("Sources for the members"),
    gettext_lazy("Members known"),
    gettext_lazy("Launched"),
    gettext_lazy("Source for the launch"),
    gettext_lazy("Source"),
    gettext_lazy("Dataset"),
    gettext_lazy("Source row"),
    gettext_lazy("Illustrative"),
]


def page_row(coalition: Coalition, members: list[CoalitionMember]) -> list[object]:
    """The list page's row: labels where the export has codes and flags."""
    leads = [m for m in members if m.lead]
    others = [m for m in members if not m.lead]
    dataset = coalition.dataset
    return [
        coalition.pk,
        coalition.name,
        _("Contact-group coalition") if coalition.udcg else _("Related format"),
        str(CapabilityArea(coalition.capability_area).label),
        coalition.area_source_url or None,
        "; ".join(_party(m) for m in leads) or None,
        _sources(leads) or None,
        "; ".join(_party(m) for m in others) or None,
        _sources(others) or None,
        len(members),
        coalition.established or None,
        coalition.established_source_url or None,
        coalition.source_url or None,
        dataset.key if dataset is not None else None,
        coalition.source_row,
        yes_no(dataset is not None and dataset.illustrative),
    ]


def page_rows(
    coalitions: list[Coalition], members: dict[int, list[CoalitionMember]]
) -> list[list[object]]:
    return [page_row(c, members.get(c.pk, [])) for c in coalitions]
