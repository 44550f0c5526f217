"""The reads of the pages that compose several domains, one page selector per page.

The overview: public Kiel tracker aggregates and the published requirements this user may see. The requirement
list and detail (coverage by pledges), the party detail (aid, pledges, GDP and defence series) and the item type
detail (its pledges) sit here because they read domains above the record they show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page

from nsatu.catalogue import rules as catalogue_rules
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get
from nsatu.core.actors import Reader
from nsatu.core.paging import page_of
from nsatu.engine.coverage_old import AreaCoverage, Coverage
from nsatu.needs import rules as need_rules
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list
from nsatu.parties import rules as party_rules
from nsatu.parties.models import DefenceSpending, GdpFigure, Party
from nsatu.parties.selectors import party_defence_series, party_gdp_series, party_get
from nsatu.pledges.models import Pledge, ReportedHeavyWeapons
from nsatu.pledges.selectors import (
    aid_over_time,
    donor_aid_for_party,
    donor_aid_totals,
    heavy_weapons_by_donor,
    pledge_list,
    requirement_area_coverage,
    requirement_coverage,
)


@dataclass(frozen=True)
class Overview:
    donor_aid: list[dict[str, Any]]
    aid_over_time: list[dict[str, Any]]
    heavy_weapons: list[ReportedHeavyWeapons]
    requirements: list[Requirement]
    coverage: dict[int, Coverage]
    area_coverage: list[AreaCoverage]

    @property
    def aid_totals(self) -> dict[str, Decimal]:
        keys = ("military_eur", "financial_eur", "humanitarian_eur", "total_eur")
        return {k: sum((r[k] or Decimal(0) for r in self.donor_aid), Decimal(0)) for k in keys}

    @property
    def any_illustrative(self) -> bool:
        return any(r.illustrative for r in self.requirements)


def overview_get(*, user: Reader) -> Overview:
    requirements = list(requirement_list(user=user, status=RequirementStatus.PUBLISHED))
    coverage = requirement_coverage(user=user, requirements=requirements)
    return Overview(
        donor_aid=donor_aid_totals(),
        aid_over_time=aid_over_time(),
        heavy_weapons=heavy_weapons_by_donor(),
        requirements=requirements,
        coverage=coverage,
        area_coverage=requirement_area_coverage(
            user=user, requirements=requirements, coverage=coverage
        ),
    )


@dataclass(frozen=True)
class RequirementIndex:
    page: Page[Requirement]
    coverage: dict[int, Coverage]
    may_create: bool


def requirement_index_get(
    *,
    user: Reader,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
    page: str | None = None,
) -> RequirementIndex:
    """One page of requirements; coverage is read for the requirements of that page only."""
    rows = page_of(
        requirement_list(user=user, status=status, capability_area=capability_area, search=search),
        page,
    )
    return RequirementIndex(
        page=rows,
        coverage=requirement_coverage(user=user, requirements=list(rows.object_list)),
        may_create=need_rules.may_create(user),
    )


def requirement_rows_get(
    *,
    user: Reader,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
) -> list[tuple[Requirement, Coverage]]:
    """Every requirement matching the filters, with its coverage: the rows of the CSV export."""
    everything = list(
        requirement_list(user=user, status=status, capability_area=capability_area, search=search)
    )
    coverage = requirement_coverage(user=user, requirements=everything)
    return [(r, coverage[r.pk]) for r in everything]


@dataclass(frozen=True)
class RequirementDetail:
    requirement: Requirement
    coverage: Coverage
    transitions: list[str]


def requirement_detail_get(*, user: Reader, pk: int) -> RequirementDetail:
    """A requirement with its coverage by the pledges this user may see and the moves open to them."""
    requirement = requirement_get(user=user, pk=pk)
    return RequirementDetail(
        requirement=requirement,
        coverage=requirement_coverage(user=user, requirements=[requirement])[requirement.pk],
        transitions=need_rules.transitions(user, requirement),
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
        pledges=page_of(pledge_list(user=user, requirement=detail.requirement.pk), page),
    )


@dataclass(frozen=True)
class PartyPage:
    party: Party
    gdp: list[GdpFigure]
    defence: list[DefenceSpending]
    kiel: dict[str, Any] | None
    pledges: Page[Pledge]
    may_edit: bool


def party_page_get(*, user: Reader, code: str, page: str | None = None) -> PartyPage:
    party = party_get(user=user, code=code)
    return PartyPage(
        party=party,
        gdp=party_gdp_series(party=party),
        defence=party_defence_series(party=party),
        kiel=donor_aid_for_party(code=party.code),
        pledges=page_of(pledge_list(user=user, donor=party.code), page),
        may_edit=party_rules.may_edit_party(user),
    )


@dataclass(frozen=True)
class ItemTypePage:
    item: ItemType
    pledges: Page[Pledge]
    may_edit: bool


def item_type_page_get(*, user: Reader, pk: int, page: str | None = None) -> ItemTypePage:
    item = item_type_get(user=user, pk=pk)
    return ItemTypePage(
        item=item,
        pledges=page_of(pledge_list(user=user, item_type=item.pk), page),
        may_edit=catalogue_rules.may_edit_catalogue(user),
    )
