"""The demo's illustrative planning scenario, built from the imported public data. Not official data.

The imported registers record history: most SIPRI orders are delivered and the Kiel table counts weapons
committed up to its release. What is still open is what a plan can allocate, so the scenario offers, per
donor and item type:

    open = max(Kiel heavy weapons committed, SIPRI number ordered) - SIPRI number delivered

when positive (SIPRI orders with no number ordered count as 0). Each open remainder becomes one committed
pledge of the dataset "planning-scenario", released to all participants, in up to three tranches available
at the start month and two and four months later (split as evenly as whole units allow), with one month of
transit from donors that do not border Ukraine. It is announced on 1 January of the donor's earliest SIPRI
order year for the type (the order of announcement the status-quo baseline follows), else left undated.

Substitutes: reference item types (equipment_types.csv) of the same category, standard and ammunition
families stand in for one another (the Leopard 2A4, 2A6 and M1A1 Abrams; the 155mm self-propelled guns).

The scenario is built once; building again leaves existing scenario pledges alone (they may have been
accepted since). The register pledges themselves never enter a plan (nsatu.planning.instance).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Role, require_role
from nsatu.core.models import Releasability
from nsatu.parties.models import Party
from nsatu.planning.instance import month_date
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.sources.models import Dataset

SCENARIO = "planning-scenario"
TITLE = "Illustrative planning scenario: open remainders of SIPRI orders and Kiel commitments (not official)"
NEIGHBOURS = frozenset({"POL", "SVK", "HUN", "ROU", "MDA"})
TRANCHE_MONTHS = (0, 2, 4)
RECIPIENT = "UKR"


@dataclass(frozen=True)
class ScenarioResult:
    created: bool
    pledges: int
    tranches: int
    units: int
    substitute_pairs: int


def _open_remainders() -> list[dict[str, Any]]:
    totals: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"kiel": 0, "ordered": 0, "delivered": 0, "year": None}
    )
    rows = Pledge.objects.filter(
        dataset__key__in=("sipri", "kiel-weapons"), item_type__isnull=False, kind=PledgeKind.IN_KIND
    ).values("dataset__key", "donor_id", "item_type_id", "quantity", "delivered_quantity", "year")
    for row in rows:
        entry = totals[(row["donor_id"], row["item_type_id"])]
        if row["dataset__key"] == "kiel-weapons":
            entry["kiel"] += row["quantity"] or 0
            continue
        entry["ordered"] += row["quantity"] or 0
        entry["delivered"] += row["delivered_quantity"] or 0
        if row["year"] and (entry["year"] is None or row["year"] < entry["year"]):
            entry["year"] = row["year"]
    result = []
    for (donor_id, item_type_id), entry in sorted(totals.items()):
        remainder = max(entry["kiel"], entry["ordered"]) - entry["delivered"]
        if remainder > 0:
            result.append(
                {"donor_id": donor_id, "item_type_id": item_type_id, "open": remainder, **entry}
            )
    return result


def _split(quantity: int) -> list[int]:
    parts = min(len(TRANCHE_MONTHS), quantity)
    base, extra = divmod(quantity, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def substitutes_by_rule() -> int:
    """Link reference item types of the same category, standard and ammunition families as substitutes."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[ItemType]] = defaultdict(list)
    for item in (
        ItemType.objects.filter(dataset__key="equipment")
        .exclude(category="")
        .prefetch_related("ammunition_families")
        .order_by("name")
    ):
        families = tuple(sorted(f.name for f in item.ammunition_families.all()))
        groups[(item.category, item.standard, families)].append(item)
    through = ItemType.substitutes.through
    existing = set(through.objects.values_list("from_itemtype_id", "to_itemtype_id"))
    new = [
        through(from_itemtype_id=a.pk, to_itemtype_id=b.pk)
        for members in groups.values()
        for a in members
        for b in members
        if a.pk != b.pk and (a.pk, b.pk) not in existing
    ]
    through.objects.bulk_create(new)
    return len(new)


def planning_scenario_build(*, actor: Any, today: dt.date | None = None) -> ScenarioResult:
    """Build the scenario (once). `actor` None is the system, as for the imports it follows."""
    if actor is not None:
        require_role(actor, Role.COORDINATOR, action=_("build the planning scenario"))
    pairs = substitutes_by_rule()
    dataset, _new = Dataset.objects.get_or_create(key=SCENARIO, defaults={"title": TITLE})
    existing = Pledge.objects.filter(dataset=dataset)
    if existing.exists():
        return ScenarioResult(
            False,
            existing.count(),
            Tranche.objects.filter(pledge__dataset=dataset).count(),
            sum(p.quantity or 0 for p in existing),
            pairs,
        )
    start = (today or timezone.localdate()).replace(day=1)
    dataset.title = TITLE
    dataset.publisher = "nsatu project"
    dataset.citation = _(
        "Derived from the SIPRI Arms Transfers Database and the Kiel Institute's Ukraine Support "
        "Tracker (heavy weapons); see the notes of each pledge."
    )
    dataset.licence = _("as the sources it is derived from")
    dataset.imported_at = timezone.now()
    remainders = _open_remainders()
    parties = Party.objects.in_bulk({r["donor_id"] for r in remainders})
    recipient = Party.objects.get(code=RECIPIENT)
    pledges = []
    for r in remainders:
        donor = parties[r["donor_id"]]
        pledges.append(
            Pledge(
                donor=donor,
                recipient=recipient,
                kind=PledgeKind.IN_KIND,
                item_type_id=r["item_type_id"],
                quantity=r["open"],
                status=PledgeStatus.COMMITTED,
                announced_on=dt.date(r["year"], 1, 1) if r["year"] else None,
                description=_("Open remainder (illustrative planning scenario)"),
                notes=_(
                    "Illustrative planning scenario, not an official offer: Kiel committed %(k)s, SIPRI ordered "
                    "%(o)s, SIPRI delivered %(d)s; open = max(committed, ordered) - delivered = %(n)s."
                )
                % {"k": r["kiel"], "o": r["ordered"], "d": r["delivered"], "n": r["open"]},
                owner=donor,
                releasability=Releasability.PARTICIPANTS,
                dataset=dataset,
            )
        )
    Pledge.objects.bulk_create(pledges)
    tranches = []
    for pledge in pledges:
        transit = 0 if pledge.donor.code in NEIGHBOURS else 1
        for months, quantity in zip(TRANCHE_MONTHS, _split(pledge.quantity or 0), strict=False):
            tranches.append(
                Tranche(
                    pledge=pledge,
                    available_from=month_date(start, months),
                    quantity=quantity,
                    transit_months=transit,
                )
            )
    Tranche.objects.bulk_create(tranches)
    dataset.rows_read = len(remainders)
    dataset.records_imported = len(pledges)
    dataset.save()
    units = sum(p.quantity or 0 for p in pledges)
    audit_event_record(
        actor=actor,
        action="planning.scenario",
        obj=dataset,
        after={
            "pledges": len(pledges),
            "tranches": len(tranches),
            "units": units,
            "substitute_pairs": pairs,
            "start": start.isoformat(),
        },
    )
    return ScenarioResult(True, len(pledges), len(tranches), units, pairs)
