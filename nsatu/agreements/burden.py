"""Burden-sharing reads over public data: the Kiel tracker (aid, GDP), NATO's expenditure table, memberships."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nsatu.core.actors import Reader
from nsatu.engine.burden import (
    AidShare,
    FairShare,
    MonthlyAid,
    SpendingFigure,
    aid_shares,
    fair_shares,
    guideline_counts,
)
from nsatu.parties.models import DefenceSpending, Group, Membership, PartyKind
from nsatu.parties.selectors import party_visible
from nsatu.pledges.models import ReportedAid

GUIDELINE_PCT = 2.0
# Washington summit declaration, 10 July 2024: "a minimum baseline funding of €40 billion within the next year".
WASHINGTON_BASELINE_EUR = Decimal(40_000_000_000)


def burden_aid_shares(*, year: int | None = None) -> list[AidShare]:
    """Aid as a share of GDP per donor and year, beside Kiel's own share column (public data)."""
    qs = ReportedAid.objects.all()
    if year is not None:
        qs = qs.filter(year=year)
    rows = qs.order_by().values_list(
        "donor__code", "year", "total_eur", "military_eur", "gdp_eur", "pct_gdp"
    )
    return aid_shares(MonthlyAid(c, y, t, m, g, p) for c, y, t, m, g, p in rows)


def burden_years() -> list[int]:
    return sorted(set(ReportedAid.objects.order_by().values_list("year", flat=True).distinct()))


def burden_party_names(*, user: Reader) -> dict[str, str]:
    return dict(party_visible(user=user).order_by().values_list("code", "name"))


def burden_guideline_counts(*, target: float = GUIDELINE_PCT) -> dict[int, int]:
    """Allies at or above `target` % of GDP on defence, per year of NATO's table."""
    rows = (
        DefenceSpending.objects.filter(party__kind=PartyKind.NATION)
        .order_by()
        .values_list("party__code", "year", "pct_gdp")
    )
    return guideline_counts((SpendingFigure(c, y, p) for c, y, p in rows), target=target)


def burden_estimate_years() -> set[int]:
    return set(
        DefenceSpending.objects.filter(is_estimate=True).order_by().values_list("year", flat=True)
    )


@dataclass(frozen=True)
class FairShareReport:
    year: int
    baseline_eur: Decimal
    shares: list[FairShare]
    without_gdp: list[str]  # allies the Kiel tracker gives no GDP for in that year


def burden_fair_shares(
    *, year: int, baseline_eur: Decimal = WASHINGTON_BASELINE_EUR
) -> FairShareReport:
    """The baseline split over NATO allies by their share of the allies' GDP, against the military aid each gave.

    GDP and military aid are the Kiel tracker's (EUR), so both sides rest on one source; Kiel gives one GDP per
    donor for all years. An ally with no aid recorded that year gave 0.
    """
    allies = set(
        Membership.objects.filter(group=Group.NATO, party__kind=PartyKind.NATION).values_list(
            "party__code", flat=True
        )
    )
    gdp: dict[str, Decimal] = {}
    gave: dict[str, Decimal] = {}
    for code, y, g, m in (
        ReportedAid.objects.filter(donor__code__in=allies)
        .order_by()
        .values_list("donor__code", "year", "gdp_eur", "military_eur")
    ):
        if g:
            gdp[code] = g
        if y == year:
            gave[code] = gave.get(code, Decimal(0)) + m
    return FairShareReport(
        year,
        baseline_eur,
        fair_shares(gdp_eur=gdp, gave_eur=gave, baseline_eur=baseline_eur),
        sorted(allies - set(gdp)),
    )
