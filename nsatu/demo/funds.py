"""The demo's illustrative funds pledges: PURL packages as money a plan can spend. Not official data.

Each package of data/reference/purl_packages.csv with a stated amount becomes one committed funds pledge to
Ukraine through PURL (mechanism "PURL"), of the dataset "funds-scenario" (illustrative), valued in EUR at
the ECB reference rate of the package's date (nsatu.engine.valuation, as the PURL flows are). A package of
one contributor is that nation's pledge; a joint package (several contributors, one amount whose split the
source does not state) is the PURL fund's own pledge, its contributors named in the notes, so that no
nation is given a share nobody stated. A package without an amount stays out (a gap stays a gap).

What is illustrative: the packages were announced in 2025 and largely spent since; the scenario treats
them as money still to spend, each with one tranche available from the first of next month, so that a
plan shows what such funds can buy at the catalogue's unit values. Built once; a second build leaves the
pledges alone (they may have been moved along since).

Unit costs: the catalogue's compiled values (data/nsatu/item_values.csv) cannot name the interceptor drone,
a type the requirements import creates after them, nor a plain 155 mm round, which no register names (SIPRI
lists only guided shells). The demo's coordinator adds the generic round (SHELL_155, providing the 155mm
NATO family) and records both public unit costs (UNIT_COSTS, valued in EUR at the ECB rate of the
statement's day) through the catalogue's services, where the item type has no value yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.catalogue.services import (
    ReferenceFigures,
    item_type_create,
    item_type_reference_figures_set,
)
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.engine.valuation import ValuationError, to_eur
from nsatu.exchange.csvfile import read_csv
from nsatu.exchange.purl import COLUMNS, FUND
from nsatu.exchange.services import dataset_derived_save
from nsatu.parties.countries import party_code_for
from nsatu.parties.models import Party
from nsatu.planning.instance import month_date
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.services import pledge_create, tranche_add

DATASET = "funds-scenario"
TITLE = "Illustrative funds scenario: PURL packages as funds still to spend (not official)"
PURL_FILE = "reference/purl_packages.csv"
RECIPIENT = "UKR"
MECHANISM = "PURL"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class UnitCost:
    item_type: str
    amount: Decimal
    currency: str
    on: dt.date
    source_url: str


SHELL_155 = "155mm artillery shell (generic)"
FAMILY_155 = "155mm NATO"
UNIT_COSTS = (
    # NATO's January 2024 contract: EUR 1.1 bn for about 220,000 rounds of 155 mm, i.e. EUR 5,000 a round.
    UnitCost(
        SHELL_155,
        Decimal(1_100_000_000) / Decimal(220_000),
        "EUR",
        dt.date(2024, 1, 23),
        "https://babel.ua/en/news/103126-nato-will-purchase-more-than-200-000-artillery-ammunition-"
        "some-of-them-are-for-ukraine",
    ),
    # President Zelensky to Fox News: an interceptor drone costs 3,000-5,000 USD (reported 12 Oct 2025).
    UnitCost(
        "Interceptor drone",
        Decimal(5000),
        "USD",
        dt.date(2025, 10, 12),
        "https://war.telegraf.com.ua/war-in-ukraine/2025-10-12/5922815-deshevi-i-efektivni-ale-"
        "zelenskiy-nazvav-veliku-problemu-z-perekhoplyuvachami-shakhediv",
    ),
)


@dataclass(frozen=True)
class FundsResult:
    created: bool
    pledges: int
    amount_eur: Decimal
    skipped_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Package:
    line: int
    on: dt.date
    contributors: tuple[str, ...]
    amount: Decimal
    currency: str
    amount_eur: Decimal
    rate: Decimal
    summary: str
    source_url: str


def purl_packages(path: Path, *, label: str = PURL_FILE) -> tuple[list[Package], list[int]]:
    """The packages with a stated amount, valued in EUR; and the lines of those without one."""
    table = read_csv(path, label=label, required=COLUMNS)
    packages: list[Package] = []
    without: list[int] = []
    for row in table.rows:
        amount = table.decimal(row, "amount", required=False)
        m = _DATE.match(row["date"])
        codes = tuple(
            code for raw in row["contributors"].split(";") if (code := party_code_for(raw))
        )
        if amount is None or not row["currency"] or m is None or not codes:
            without.append(row.line)
            continue
        on = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        try:
            value = to_eur(amount, row["currency"].upper(), on)
        except ValuationError:
            without.append(row.line)
            continue
        packages.append(
            Package(
                row.line,
                on,
                codes,
                amount,
                row["currency"].upper(),
                value.amount_eur.quantize(Decimal("0.01")),
                value.rate,
                row["content_summary"],
                row["source_url"],
            )
        )
    table.raise_if_problems()
    return packages, without


def shell_type_ensure(actor: Actor) -> ItemType | None:
    """The generic 155 mm round, added to the catalogue once (None without the 155mm NATO family)."""
    existing = ItemType.objects.filter(name=SHELL_155).first()
    family = AmmunitionFamily.objects.filter(name=FAMILY_155).first()
    if existing is not None or family is None:
        return existing
    return item_type_create(
        actor=actor,
        name=SHELL_155,
        category="artillery shell",
        capability_area=CapabilityArea.ARTILLERY,
        standard=Standard.NATO,
        calibre_mm=Decimal(155),
        provides_family=family,
        notes=_(
            "A plain 155 mm NATO round, added by the demo's coordinator so that funds can buy "
            "shells: the registers name only guided 155 mm shells."
        ),
    )


def unit_costs_set(actor: Actor) -> list[str]:
    """Record UNIT_COSTS on item types that have no unit value yet; returns the names valued now."""
    valued = []
    for cost in UNIT_COSTS:
        item = ItemType.objects.filter(name=cost.item_type, unit_value_eur__isnull=True).first()
        if item is None:
            continue
        eur = to_eur(cost.amount, cost.currency, cost.on).amount_eur.quantize(Decimal("0.01"))
        figures = replace(
            ReferenceFigures.of(item), unit_value_eur=eur, unit_value_source=cost.source_url
        )
        item_type_reference_figures_set(actor=actor, item_type=item, figures=figures)
        valued.append(item.name)
    return valued


def _existing() -> FundsResult | None:
    pledges = list(Pledge.objects.filter(dataset__key=DATASET).values_list("amount", flat=True))
    if not pledges:
        return None
    return FundsResult(False, len(pledges), sum((a or Decimal(0) for a in pledges), Decimal(0)))


def _notes(p: Package) -> str:
    joint = (
        _("Joint package of %(who)s; the split is not stated, so it is the PURL fund's pledge. ")
        % {"who": ", ".join(p.contributors)}
        if len(p.contributors) > 1
        else ""
    )
    return joint + _(
        "Illustrative funds scenario, not an official offer: PURL package of %(on)s, %(cur)s "
        "%(amt)s (purl_packages.csv row %(row)s, %(url)s), EUR %(eur)s at the ECB rate of that day "
        "(%(rate)s); treated as money still to spend from next month."
    ) % {
        "url": p.source_url,
        "on": p.on.isoformat(),
        "cur": p.currency,
        "amt": f"{p.amount:,.0f}",
        "row": p.line,
        "eur": f"{p.amount_eur:,.2f}",
        "rate": p.rate,
    }


def demo_funds_build(*, actor: Actor, data_dir: Path, today: dt.date | None = None) -> FundsResult:
    """Build the funds pledges once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the funds scenario"))
    shell_type_ensure(actor)
    unit_costs_set(actor)
    existing = _existing()
    if existing is not None:
        return existing
    packages, without = purl_packages(data_dir / PURL_FILE)
    parties = {p.code: p for p in Party.objects.all()}
    recipient, fund = parties[RECIPIENT], parties.get(FUND)
    dataset = dataset_derived_save(
        actor=actor,
        key=DATASET,
        title=TITLE,
        publisher="nsatu project",
        citation=_(
            "Derived from the compiled table purl_packages.csv (a source address per package) and "
            "the ECB reference rates; see the notes of each pledge."
        ),
        licence=_("as the sources it is derived from"),
        rows_read=len(packages) + len(without),
        records_imported=len(packages),
    )
    start = month_date((today or timezone.localdate()).replace(day=1), 1)
    total, created = Decimal(0), 0
    for p in packages:
        donor = parties.get(p.contributors[0]) if len(p.contributors) == 1 else fund
        if donor is None:
            continue
        pledge = pledge_create(
            actor=actor,
            donor=donor,
            recipient=recipient,
            kind=PledgeKind.FUNDS,
            description=p.summary[:500],
            amount=p.amount_eur,
            currency="EUR",
            status=PledgeStatus.COMMITTED,
            announced_on=p.on,
            mechanism=MECHANISM,
            notes=_notes(p),
            releasability=Releasability.PARTICIPANTS,
            dataset_id=dataset.pk,
        )
        tranche_add(actor=actor, pledge=pledge, available_from=start, amount=p.amount_eur)
        created += 1
        total += p.amount_eur
    audit_event_record(
        actor=actor,
        action="demo.funds",
        obj=dataset,
        after={
            "pledges": created,
            "amount_eur": str(total),
            "without_amount": without,
            "available_from": start.isoformat(),
        },
    )
    return FundsResult(True, created, total, tuple(without))
