"""The demo's illustrative offers, derived from the imported public data. Not official data.

The imported registers record history: most SIPRI orders are delivered and the Kiel table counts weapons
committed up to its release. What is still open is what a plan can allocate, so the demo offers, per
donor and item type:

    open = max(Kiel heavy weapons committed, SIPRI number ordered) - SIPRI number delivered

when positive (SIPRI orders with no number ordered count as 0). Each open remainder becomes one committed
pledge of the dataset "planning-scenario" (illustrative), released to all participants, in up to three
tranches available from the first of next month and two and four months after that (split as evenly as
whole units allow), with one month of transit from donors that do not border Ukraine. Tranches go through
the NSATU hubs that have a capacity (nsatu.exchange.hubs): the Romanian node for artillery and air defence
(the requests it specialises in), the Polish hub for the rest. A pledge is announced on 1 January of the
donor's earliest SIPRI order year for the type (the order of announcement the status-quo baseline
follows), else left undated.

Substitutes: reference item types (equipment_types.csv) of the same category, standard and ammunition
families stand in for one another (the Leopard 2A4, 2A6 and M1A1 Abrams; the 155mm self-propelled guns).
Providers: the guided shells the registers deliver for 155 mm guns (SHELLS_155) provide the 155mm NATO
family, so that a requirement for 155 mm shells finds the firm aid of its family.

The demo's coordinator records all of it through the services of the catalogue and the pledges, as a user
could. The offers are built once; building again leaves existing ones alone (they may have been accepted
since). The register pledges themselves never enter a plan (nsatu.planning.instance).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.services import item_type_update
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.exchange.hubs import ILLUSTRATIVE_SPLIT
from nsatu.exchange.services import dataset_derived_save
from nsatu.logistics.hub_selectors import hub_list
from nsatu.logistics.models import Hub
from nsatu.parties.models import Party
from nsatu.planning.instance import month_date
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.services import pledge_create, tranche_add

# The stored key: exports and existing databases name the offers' dataset so.
DATASET = "planning-scenario"
TITLE = "Illustrative planning scenario: open remainders of SIPRI orders and Kiel commitments (not official)"
NEIGHBOURS = frozenset({"POL", "SVK", "HUN", "ROU", "MDA"})
TRANCHE_MONTHS = (1, 3, 5)  # from next month on
FAMILY_155 = "155mm NATO"
# Guided 155 mm projectiles as the SIPRI register names them: Excalibur (the M777 row of equipment_types.csv
# names it among the 155mm family), Vulcano (SIPRI: "Vulcano-GLR/SAL 155mm version"), SMART-155 (its name).
SHELLS_155 = ("M-982 Excalibur", "Vulcano-GLR", "DM-702 SMART-155")
# The Romanian node specialises in artillery, air defence and EW requests (logistics_hubs.csv, LEN-R row).
ROMANIAN_AREAS = frozenset({"artillery", "air_defence"})
RECIPIENT = "UKR"


@dataclass(frozen=True)
class OffersResult:
    created: bool
    pledges: int
    tranches: int
    units: int
    substitute_pairs: int


@dataclass
class _Totals:
    kiel: int = 0
    ordered: int = 0
    delivered: int = 0
    year: int | None = None


@dataclass(frozen=True)
class Remainder:
    donor_id: int
    item_type_id: int
    open: int
    kiel: int
    ordered: int
    delivered: int
    year: int | None


def open_remainders() -> list[Remainder]:
    """What the registers still leave open, per donor and item type, in (donor id, item type id) order."""
    totals: dict[tuple[int, int], _Totals] = defaultdict(_Totals)
    rows = Pledge.objects.filter(
        dataset__key__in=("sipri", "kiel-weapons"), item_type__isnull=False, kind=PledgeKind.IN_KIND
    ).values("dataset__key", "donor_id", "item_type_id", "quantity", "delivered_quantity", "year")
    for row in rows:
        entry = totals[(row["donor_id"], row["item_type_id"])]
        if row["dataset__key"] == "kiel-weapons":
            entry.kiel += row["quantity"] or 0
            continue
        entry.ordered += row["quantity"] or 0
        entry.delivered += row["delivered_quantity"] or 0
        if row["year"] and (entry.year is None or row["year"] < entry.year):
            entry.year = row["year"]
    return [
        Remainder(donor_id, item_type_id, remainder, e.kiel, e.ordered, e.delivered, e.year)
        for (donor_id, item_type_id), e in sorted(totals.items())
        if (remainder := max(e.kiel, e.ordered) - e.delivered) > 0
    ]


def _split(quantity: int) -> list[int]:
    parts = min(len(TRANCHE_MONTHS), quantity)
    base, extra = divmod(quantity, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def _substitute_groups() -> list[list[ItemType]]:
    groups: dict[tuple[str, str, tuple[str, ...]], list[ItemType]] = defaultdict(list)
    for item in (
        ItemType.objects.filter(dataset__key="equipment")
        .exclude(category="")
        .prefetch_related("ammunition_families")
        .order_by("name")
    ):
        families = tuple(sorted(f.name for f in item.ammunition_families.all()))
        groups[(item.category, item.standard, families)].append(item)
    return [members for members in groups.values() if len(members) > 1]


def _substitutes_link(actor: Actor) -> int:
    """Link reference item types of the same category, standard and ammunition families as substitutes.

    Through the catalogue's service, as the coordinator would on the item type's page; returns the number of
    (item type, substitute) pairs added, counting each direction.
    """
    through = ItemType.substitutes.through
    before = through.objects.count()
    for members in _substitute_groups():
        for item in members:
            current = list(item.substitutes.all())
            wanted = current + [m for m in members if m.pk != item.pk and m not in current]
            if len(wanted) > len(current):
                item_type_update(
                    actor=actor,
                    item_type=item,
                    expected_version=None,
                    changes={"substitutes": wanted},
                )
    return through.objects.count() - before


def _providers_link(actor: Actor) -> int:
    """Let the 155 mm guided shells provide the 155mm NATO family, through the catalogue's service."""
    family = AmmunitionFamily.objects.filter(name=FAMILY_155).first()
    if family is None:
        return 0
    linked = 0
    for item in ItemType.objects.filter(name__in=SHELLS_155).exclude(provides_family=family):
        if item.provides_family_id is None:
            item_type_update(
                actor=actor,
                item_type=item,
                expected_version=None,
                changes={"provides_family": family},
            )
            linked += 1
    return linked


def _hubs(actor: Actor) -> tuple[Hub | None, Hub | None]:
    """The Polish and the Romanian hub with a capacity, where the import gave them one."""
    hubs = list(hub_list(user=actor, with_capacity=True))
    polish, romanian = (
        next((h for h in hubs if h.name.startswith(prefix)), None)
        for prefix, _share in ILLUSTRATIVE_SPLIT
    )
    return polish, romanian


def _existing(pairs: int) -> OffersResult | None:
    pledges = Pledge.objects.filter(dataset__key=DATASET)
    if not pledges.exists():
        return None
    return OffersResult(
        False,
        pledges.count(),
        Tranche.objects.filter(pledge__dataset__key=DATASET).count(),
        pledges.aggregate(n=Sum("quantity"))["n"] or 0,
        pairs,
    )


def _offer(
    actor: Actor,
    r: Remainder,
    *,
    donor: Party,
    item_type: ItemType,
    recipient: Party,
    dataset_id: int,
) -> Pledge:
    return pledge_create(
        actor=actor,
        donor=donor,
        recipient=recipient,
        kind=PledgeKind.IN_KIND,
        item_type=item_type,
        quantity=r.open,
        status=PledgeStatus.COMMITTED,
        announced_on=dt.date(r.year, 1, 1) if r.year else None,
        description=_("Open remainder (illustrative planning scenario)"),
        notes=_(
            "Illustrative planning scenario, not an official offer: Kiel committed %(k)s, SIPRI ordered "
            "%(o)s, SIPRI delivered %(d)s; open = max(committed, ordered) - delivered = %(n)s."
        )
        % {"k": r.kiel, "o": r.ordered, "d": r.delivered, "n": r.open},
        releasability=Releasability.PARTICIPANTS,
        dataset_id=dataset_id,
    )


def _tranches_add(
    actor: Actor, pledge: Pledge, *, donor: Party, start: dt.date, hub: Hub | None
) -> int:
    transit = 0 if donor.code in NEIGHBOURS else 1
    parts = _split(pledge.quantity or 0)
    for months, quantity in zip(TRANCHE_MONTHS, parts, strict=False):
        tranche_add(
            actor=actor,
            pledge=pledge,
            available_from=month_date(start, months),
            quantity=quantity,
            transit_months=transit,
            hub_id=hub.pk if hub else None,
        )
    return len(parts)


def demo_offers_build(*, actor: Actor, today: dt.date | None = None) -> OffersResult:
    """Build the offers once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the planning scenario"))
    pairs = _substitutes_link(actor)
    _providers_link(actor)
    existing = _existing(pairs)
    if existing is not None:
        return existing
    start = (today or timezone.localdate()).replace(day=1)
    remainders = open_remainders()
    dataset = dataset_derived_save(
        actor=actor,
        key=DATASET,
        title=TITLE,
        publisher="nsatu project",
        citation=_(
            "Derived from the SIPRI Arms Transfers Database and the Kiel Institute's Ukraine Support "
            "Tracker (heavy weapons); see the notes of each pledge."
        ),
        licence=_("as the sources it is derived from"),
        rows_read=len(remainders),
        records_imported=len(remainders),
    )
    parties = Party.objects.in_bulk({r.donor_id for r in remainders})
    items = ItemType.objects.in_bulk({r.item_type_id for r in remainders})
    recipient = Party.objects.get(code=RECIPIENT)
    polish, romanian = _hubs(actor)
    tranches = 0
    for r in remainders:
        donor = parties[r.donor_id]
        pledge = _offer(
            actor,
            r,
            donor=donor,
            item_type=items[r.item_type_id],
            recipient=recipient,
            dataset_id=dataset.pk,
        )
        item = items[r.item_type_id]
        hub = romanian if item.capability_area in ROMANIAN_AREAS else polish
        tranches += _tranches_add(actor, pledge, donor=donor, start=start, hub=hub)
    units = sum(r.open for r in remainders)
    audit_event_record(
        actor=actor,
        action="demo.offers",
        obj=dataset,
        after={
            "pledges": len(remainders),
            "tranches": tranches,
            "units": units,
            "substitute_pairs": pairs,
            "start": start.isoformat(),
        },
    )
    return OffersResult(True, len(remainders), tranches, units, pairs)
