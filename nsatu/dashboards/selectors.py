"""The reads of the pages that compose several domains, one page selector per page.

Every coverage figure on these pages is the one coverage of requirements (nsatu.coverage), read once per page
through `requirement_coverage_get`: the overview, the requirement list and detail, the capability areas, a
party's and an item type's page show the same numbers as the briefing, the API and the export. Only
published requirements are covered; a requirement in another status shows no coverage rather than a 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nsatu.aid.summaries import donor_lines_get
from nsatu.catalogue import rules as catalogue_rules
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get
from nsatu.core.actors import Reader
from nsatu.core.paging import KeysetPage, page_of
from nsatu.coverage.selectors import CoverageView, coverage_key, requirement_coverage_get
from nsatu.engine.coverage import STAGES, AreaCoverage, RequirementCoverage, Stages
from nsatu.engine.ledger import AidLine
from nsatu.needs import rules as need_rules
from nsatu.needs.models import PeriodChoice, Requirement
from nsatu.needs.selectors import requirement_get, requirement_list
from nsatu.parties import rules as party_rules
from nsatu.parties.models import DefenceSpending, GdpFigure, Party
from nsatu.parties.selectors import (
    party_defence_series,
    party_gdp_series,
    party_get,
    party_visible,
)
from nsatu.pledges.models import Pledge, ReportedHeavyWeapons
from nsatu.pledges.selectors import (
    aid_over_time,
    donor_aid_for_party,
    donor_aid_totals,
    heavy_weapons_by_donor,
    pledge_list_marked,
    pledge_list_page,
)
from nsatu.sources.selectors import dataset_list

STAGE_LABELS: dict[str, Promise] = {
    "announced": _("Announced"),
    "committed": _("Committed"),
    "allocated": _("Allocated"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "in_service": _("In service"),
}


@dataclass(frozen=True)
class StageRow:
    key: str
    label: Promise
    units: Decimal
    share: Decimal  # of the need, capped at 1


def stage_rows(stages: Stages, needed: Decimal) -> list[StageRow]:
    values = stages.as_dict()
    return [
        StageRow(
            s,
            STAGE_LABELS[s],
            values[s],
            min(values[s] / needed, Decimal(1)) if needed > 0 else Decimal(0),
        )
        for s in STAGES
    ]


@dataclass(frozen=True)
class CoverageRow:
    requirement: Requirement
    coverage: RequirementCoverage


def _by_requirement(view: CoverageView) -> dict[int, RequirementCoverage]:
    return {c.need.requirement_id: c for c in view.result.requirements}


def _rows(view: CoverageView, *, only: Iterable[int] | None = None) -> list[CoverageRow]:
    """The covered requirements in the coverage's ranking (most pressing first)."""
    records = view.inputs.requirements
    wanted = set(only) if only is not None else None
    return [
        CoverageRow(records[c.need.requirement_id], c)
        for c in view.result.requirements
        if c.need.requirement_id in records and (wanted is None or c.need.requirement_id in wanted)
    ]


@dataclass(frozen=True)
class Overview:
    donor_aid: list[dict[str, Any]]
    aid_over_time: list[dict[str, Any]]
    heavy_weapons: list[ReportedHeavyWeapons]
    rows: list[CoverageRow]
    areas: tuple[AreaCoverage, ...]  # per capability area and unit kind: kinds are never added
    weighted_share: Decimal
    as_of: dt.date
    horizon: dt.date

    @property
    def aid_totals(self) -> dict[str, Decimal]:
        keys = ("military_eur", "financial_eur", "humanitarian_eur", "total_eur")
        return {k: sum((r[k] or Decimal(0) for r in self.donor_aid), Decimal(0)) for k in keys}

    @property
    def requirements(self) -> list[Requirement]:
        return [r.requirement for r in self.rows]

    @property
    def any_illustrative(self) -> bool:
        return any(r.requirement.illustrative for r in self.rows)


def overview_get(*, user: Reader) -> Overview:
    view = requirement_coverage_get(user=user)
    return Overview(
        donor_aid=donor_aid_totals(),
        aid_over_time=aid_over_time(),
        heavy_weapons=heavy_weapons_by_donor(),
        rows=_rows(view),
        areas=view.result.areas,
        weighted_share=view.result.weighted_share,
        as_of=view.inputs.as_of,
        horizon=view.inputs.horizon,
    )


@dataclass(frozen=True)
class RequirementIndex:
    page: Page[Requirement]
    coverage: dict[int, RequirementCoverage]  # the published requirements of the page
    may_create: bool


def requirement_index_get(
    *,
    user: Reader,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
    page: str | None = None,
    order: Sequence[str] = (),
) -> RequirementIndex:
    listed = requirement_list(
        user=user, status=status, capability_area=capability_area, search=search
    )
    rows = page_of(listed.order_by(*order) if order else listed, page)
    covered = _by_requirement(requirement_coverage_get(user=user))
    shown = {r.pk for r in rows.object_list}
    return RequirementIndex(
        page=rows,
        coverage={pk: c for pk, c in covered.items() if pk in shown},
        may_create=need_rules.may_create(user),
    )


def requirement_rows_get(
    *,
    user: Reader,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
    order: Sequence[str] = (),
) -> list[tuple[Requirement, RequirementCoverage | None]]:
    """Every requirement matching the filters, in the page's order, with its coverage (None unless
    published): the page's download."""
    listed = requirement_list(
        user=user, status=status, capability_area=capability_area, search=search
    )
    everything = list(listed.order_by(*order) if order else listed)
    covered = _by_requirement(requirement_coverage_get(user=user))
    return [(r, covered.get(r.pk)) for r in everything]


@dataclass(frozen=True)
class Needed:
    """What a requirement needs, as stated and as counted over the horizon."""

    stated: Decimal
    unit: str
    period: str
    period_label: str
    quantity: Decimal  # counted: a rate turned into a quantity
    until: dt.date | None  # the date a rate is counted up to

    @property
    def is_rate(self) -> bool:
        return self.period != PeriodChoice.TOTAL


@dataclass(frozen=True)
class LinePart:
    """One aid line's part in a requirement's coverage, with the line itself when the ledger holds it."""

    line_id: str
    donor: str
    stages: Stages
    line: AidLine | None


@dataclass(frozen=True)
class RequirementDetail:
    requirement: Requirement
    coverage: RequirementCoverage | None  # None: not published, so not covered
    transitions: list[str]
    needed: Needed | None = None
    stages: tuple[StageRow, ...] = ()
    lines: tuple[LinePart, ...] = ()
    datasets: dict[str, str] | None = None  # key -> title, to label attestations
    donors: dict[str, str] | None = None  # code -> name


def _needed(requirement: Requirement, c: RequirementCoverage, horizon: dt.date) -> Needed:
    return Needed(
        stated=requirement.quantity,
        unit=requirement.unit,
        period=requirement.period,
        period_label=str(requirement.get_period_display()),
        quantity=c.need.quantity,
        until=requirement.needed_by or horizon,
    )


def requirement_detail_get(*, user: Reader, pk: int) -> RequirementDetail:
    """A requirement with its stages of coverage, the aid lines that make it up and the moves open to the user."""
    requirement = requirement_get(user=user, pk=pk)
    view = requirement_coverage_get(user=user)
    transitions = need_rules.transitions(user, requirement)
    c = _by_requirement(view).get(requirement.pk)
    if c is None:
        return RequirementDetail(requirement, None, transitions)
    lines = {line.id: line for line in view.inputs.ledger.lines}
    return RequirementDetail(
        requirement=requirement,
        coverage=c,
        transitions=transitions,
        needed=_needed(requirement, c, view.inputs.horizon),
        stages=tuple(stage_rows(c.stages, c.need.quantity)),
        lines=tuple(
            LinePart(line_id, donor, stages, lines.get(line_id))
            for line_id, donor, stages in c.by_line
        ),
        datasets=dict(dataset_list().values_list("key", "title")),
        donors=dict(party_visible(user=user).values_list("code", "name")),
    )


@dataclass(frozen=True)
class RequirementPage:
    detail: RequirementDetail
    may_edit: bool
    pledges: Page[Pledge]


def requirement_page_get(*, user: Reader, pk: int, page: str | None = None) -> RequirementPage:
    detail = requirement_detail_get(user=user, pk=pk)
    return RequirementPage(
        detail=detail,
        may_edit=need_rules.may_edit(user, detail.requirement),
        pledges=page_of(pledge_list_marked(user=user, requirement=detail.requirement.pk), page),
    )


@dataclass(frozen=True)
class LineRow:
    line: AidLine
    name: str  # the item type's name, or the donor's: whichever the page does not already say


def _attestations(lines: Iterable[AidLine]) -> int:
    return sum(len(line.attestations) for line in lines)


LINES_SHOWN = 100


@dataclass(frozen=True)
class PartyPage:
    party: Party
    gdp: list[GdpFigure]
    defence: list[DefenceSpending]
    kiel: dict[str, Any] | None
    pledges: KeysetPage[Pledge]
    may_edit: bool
    # The donor's aid lines, each donation once: the first LINES_SHOWN (the biggest donors hold tens of
    # thousands; the aid ledger lists them all), or every one for a download.
    lines: tuple[LineRow, ...] = ()
    line_count: int = 0  # of all the donor's lines
    attestations: int = 0  # the records those lines gather
    in_kind_committed: int = 0


def party_page_get(
    *, user: Reader, code: str, cursor: str | None = None, every_line: bool = False
) -> PartyPage:
    party = party_get(user=user, code=code)
    # Kept in the cache under a fingerprint of what they were computed from (aid/summaries.py): a view of
    # a big donor's page neither reads nor matches its records again while none of them changed.
    own = donor_lines_get(user=user, donor=party.code, first=None if every_line else LINES_SHOWN)
    return PartyPage(
        party=party,
        gdp=party_gdp_series(party=party),
        defence=party_defence_series(party=party),
        kiel=donor_aid_for_party(code=party.code),
        # One page off the (donor, announced) index, as on the pledge list: a big donor's page reads 50 rows.
        pledges=pledge_list_page(
            user=user, cursor=cursor, donor=party.code, order=("-announced_on", "-pk")
        ),
        may_edit=party_rules.may_edit_party(user),
        lines=tuple(LineRow(line, name) for line, name in own.rows),
        line_count=own.total,
        attestations=own.attestations,
        in_kind_committed=own.in_kind_committed,
    )


@dataclass(frozen=True)
class ItemLines:
    """What the item type page derives from the reader's coverage and aid ledger: kept in the cache under
    `coverage_key` (never stale, only cold), since each is computed over every record he sees."""

    lines: tuple[
        LineRow, ...
    ]  # the first LINES_SHOWN in the page's order (donor name, line id), or all
    line_count: int
    attestations: int
    committed: int
    delivered: int
    serves: tuple[CoverageRow, ...]  # published requirements this type counts toward


@dataclass(frozen=True)
class ItemTypePage:
    item: ItemType
    pledges: Page[Pledge]
    may_edit: bool
    lines: tuple[
        LineRow, ...
    ] = ()  # aid lines of this type, each donation once (the first of them)
    line_count: int = 0
    attestations: int = 0
    committed: int = 0
    delivered: int = 0
    serves: tuple[CoverageRow, ...] = ()


def _item_lines(*, user: Reader, item: ItemType, first: int | None) -> ItemLines:
    view = requirement_coverage_get(user=user)
    own = [line for line in view.inputs.ledger.lines if line.item_id == item.pk]
    donors = dict(party_visible(user=user).values_list("code", "name"))
    served = [n.requirement_id for n in view.inputs.needs if item.pk in n.eligible]
    ordered = sorted(own, key=lambda li: (donors.get(li.donor, li.donor), li.id))
    return ItemLines(
        lines=tuple(
            LineRow(line, donors.get(line.donor, line.donor))
            for line in (ordered if first is None else ordered[:first])
        ),
        line_count=len(own),
        attestations=_attestations(own),
        committed=sum(line.committed for line in own),
        delivered=sum(line.delivered for line in own),
        serves=tuple(_rows(view, only=served)),
    )


_CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
CACHE_SECONDS = (
    24 * 3600
)  # entries are never stale (their key changes with their inputs): this frees memory


def item_type_page_get(
    *, user: Reader, pk: int, page: str | None = None, every_line: bool = False
) -> ItemTypePage:
    item = item_type_get(user=user, pk=pk)
    if every_line:  # a download: every line, computed
        found = _item_lines(user=user, item=item, first=None)
    else:
        key = f"dashboards:item-lines:{item.pk}:{LINES_SHOWN}:{_CODE_VERSION}:" + coverage_key(
            user=user
        )
        cached = cache.get(key)
        if isinstance(cached, ItemLines):
            found = cached
        else:
            found = _item_lines(user=user, item=item, first=LINES_SHOWN)
            cache.set(key, found, CACHE_SECONDS)
    return ItemTypePage(
        item=item,
        pledges=page_of(pledge_list_marked(user=user, item_type=item.pk), page),
        may_edit=catalogue_rules.may_edit_catalogue(user),
        lines=found.lines,
        line_count=found.line_count,
        attestations=found.attestations,
        committed=found.committed,
        delivered=found.delivered,
        serves=found.serves,
    )
