"""Burden sharing: aid as a share of donor GDP, the NATO spending guideline, fair shares of a pooled baseline.

Also the arithmetic of agreements (signatures counted at a date, yearly commitments against deliveries),
which rests on the same GDP figures. Plain dataclasses in and out; the selectors feed them from the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MonthlyAid:
    donor: str
    year: int
    total_eur: Decimal
    military_eur: Decimal
    gdp_eur: Decimal | None  # Kiel's GDP of the donor for that year (the same on every month row)
    pct_gdp: float | None  # Kiel's own share of GDP for the month, in per cent


@dataclass(frozen=True)
class AidShare:
    donor: str
    year: int
    aid_eur: Decimal
    military_eur: Decimal
    gdp_eur: Decimal | None
    aid_pct_gdp: Decimal | None  # computed here: aid / GDP × 100
    kiel_pct_gdp: Decimal | None  # Kiel's column, summed over the months of the year

    @property
    def difference(self) -> Decimal | None:
        if self.aid_pct_gdp is None or self.kiel_pct_gdp is None:
            return None
        return abs(self.aid_pct_gdp - self.kiel_pct_gdp)


def aid_shares(rows: Iterable[MonthlyAid]) -> list[AidShare]:
    """Per donor and year. A donor without a GDP (Kiel gives the EU institutions GDP 0) has no share."""
    aid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    military: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    gdp: dict[tuple[str, int], Decimal | None] = {}
    kiel: dict[tuple[str, int], Decimal | None] = {}
    for r in rows:
        key = (r.donor, r.year)
        aid[key] += r.total_eur
        military[key] += r.military_eur
        if gdp.get(key) is None:
            gdp[key] = r.gdp_eur if r.gdp_eur else None
        if r.pct_gdp is not None:
            # The float's shortest repr is the figure as the file prints it.
            kiel[key] = (kiel.get(key) or Decimal(0)) + Decimal(repr(r.pct_gdp))
        else:
            kiel.setdefault(key, None)
    out = []
    for key in sorted(aid):
        g = gdp.get(key)
        out.append(
            AidShare(
                donor=key[0],
                year=key[1],
                aid_eur=aid[key],
                military_eur=military[key],
                gdp_eur=g,
                aid_pct_gdp=aid[key] / g * HUNDRED if g else None,
                kiel_pct_gdp=kiel.get(key) if g else None,
            )
        )
    return out


@dataclass(frozen=True)
class SpendingFigure:
    ally: str
    year: int
    pct_gdp: float


def guideline_counts(figures: Iterable[SpendingFigure], *, target: float) -> dict[int, int]:
    """Allies at or above `target` per cent of GDP, per year (every year with a figure appears, even at 0)."""
    counts: dict[int, int] = {}
    for f in figures:
        counts.setdefault(f.year, 0)
        if f.pct_gdp >= target:
            counts[f.year] += 1
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class FairShare:
    ally: str
    gdp_eur: Decimal
    gdp_share: Decimal  # fraction of the allies' summed GDP
    fair_eur: Decimal
    gave_eur: Decimal

    @property
    def ratio(self) -> Decimal | None:
        return self.gave_eur / self.fair_eur if self.fair_eur else None


def fair_shares(
    *, gdp_eur: Mapping[str, Decimal], gave_eur: Mapping[str, Decimal], baseline_eur: Decimal
) -> list[FairShare]:
    """Split `baseline_eur` over the allies in proportion to their GDP; largest fair share first."""
    total = sum((g for g in gdp_eur.values() if g > 0), Decimal(0))
    if total == 0:
        return []
    out = [
        FairShare(
            ally=a,
            gdp_eur=g,
            gdp_share=g / total,
            fair_eur=baseline_eur * g / total,
            gave_eur=gave_eur.get(a, Decimal(0)),
        )
        for a, g in gdp_eur.items()
        if g > 0
    ]
    return sorted(out, key=lambda s: (-s.fair_eur, s.ally))


def signed_count(dates: Iterable[dt.date | None], *, on: dt.date) -> int:
    """Agreements signed on or before `on`; an agreement without a known date is not counted at any date."""
    return sum(1 for d in dates if d is not None and d <= on)


def signature_timeline(dates: Iterable[dt.date | None]) -> list[tuple[dt.date, int]]:
    """(date, agreements signed by that date) for every date on which one was signed."""
    per_day: dict[dt.date, int] = defaultdict(int)
    for d in dates:
        if d is not None:
            per_day[d] += 1
    running = 0
    out = []
    for day in sorted(per_day):
        running += per_day[day]
        out.append((day, running))
    return out


@dataclass(frozen=True)
class YearCommitment:
    year: int
    amount_eur: Decimal | None = None
    gdp_share_pct: Decimal | None = None


@dataclass(frozen=True)
class YearStatus:
    year: int
    committed_eur: Decimal | None  # an amount commitment, or a GDP share × GDP
    delivered_eur: Decimal
    gdp_eur: Decimal | None
    gdp_share_pct: Decimal | None  # the committed share, if the commitment is one
    delivered_pct_gdp: Decimal | None
    met: bool | None  # None: nothing committed for the year, or no GDP to judge a share by
    reported_eur: Decimal | None = (
        None  # what an outside tracker (Kiel) records the partner gave that year
    )
    reported_met: bool | None = None


def commitment_status(
    *,
    commitments: Iterable[YearCommitment],
    delivered_eur: Mapping[int, Decimal],
    gdp_eur: Mapping[int, Decimal],
    reported_eur: Mapping[int, Decimal] | None = None,
) -> list[YearStatus]:
    """Per year with a commitment or a delivery: committed against delivered, and whether it is met.

    `reported_eur` judges the same commitment on a tracker's figures, beside the records linked in nsatu.
    """
    reported_eur = reported_eur or {}
    by_year = {c.year: c for c in commitments}
    out = []
    for year in sorted(set(by_year) | set(delivered_eur)):
        c = by_year.get(year)
        delivered = delivered_eur.get(year, Decimal(0))
        gdp = gdp_eur.get(year) or None
        pct = delivered / gdp * HUNDRED if gdp else None
        committed: Decimal | None = None
        met: bool | None = None
        if c is not None and c.gdp_share_pct is not None:
            if gdp:
                committed = gdp * c.gdp_share_pct / HUNDRED
                met = delivered >= committed
        elif c is not None and c.amount_eur is not None:
            committed = c.amount_eur
            met = delivered >= committed
        reported = reported_eur.get(year)
        out.append(
            YearStatus(
                year=year,
                committed_eur=committed,
                delivered_eur=delivered,
                gdp_eur=gdp,
                gdp_share_pct=c.gdp_share_pct if c else None,
                delivered_pct_gdp=pct,
                met=met,
                reported_eur=reported,
                reported_met=reported >= committed if reported is not None and committed else None,
            )
        )
    return out


@dataclass(frozen=True)
class SignatoryTotal:
    """What one signatory of a framework committed and delivered under the agreements it concluded under it."""

    party: str
    agreements: int
    committed_eur: Decimal | None  # None: no agreement of it states a commitment that can be valued
    delivered_eur: Decimal


def signatory_totals(
    signatories: Iterable[str], years: Iterable[tuple[str, Sequence[YearStatus]]]
) -> list[SignatoryTotal]:
    """Sum each signatory's yearly figures (commitment_status rows) over its agreements under the framework.

    A signatory with no agreement under the framework keeps a row with nothing committed and 0 delivered.
    """
    count: dict[str, int] = defaultdict(int)
    committed: dict[str, Decimal] = {}
    delivered: dict[str, Decimal] = defaultdict(Decimal)
    for party, rows in years:
        count[party] += 1
        for row in rows:
            delivered[party] += row.delivered_eur
            if row.committed_eur is not None:
                committed[party] = committed.get(party, Decimal(0)) + row.committed_eur
    order = list(dict.fromkeys([*signatories, *count]))
    return [SignatoryTotal(p, count[p], committed.get(p), delivered[p]) for p in order]
