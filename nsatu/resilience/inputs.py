"""The fleet's and fragmentation's inputs read from the database, each through the visibility selector of its
model (coverage reads its own, nsatu.coverage.selectors).

A pledge the user may see whose item type the user may not see counts as a pledge of no known type: its
units enter no fleet, fragmentation or coverage figure (an aggregate must not reveal a hidden record).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nsatu.catalogue.selectors import item_type_list
from nsatu.core.actors import Reader
from nsatu.engine.designations import is_munition
from nsatu.engine.interop.fleet import (
    REGISTERS,
    FleetEntry,
    Item,
    Record,
    calibre_from_name,
    fleet_register,
)
from nsatu.pledges.models import PledgeKind, PledgeStatus
from nsatu.pledges.selectors import pledge_visible
from nsatu.resilience.maintenance import FAMILY_OF

# SIPRI names what a munition is by its last word ("anti-radar missile"); matching.is_munition takes "radar" for a
# platform word, so the last word decides here first.
_MUNITION_ENDINGS = ("missile", "shell", "rocket", "bomb", "ammunition")
OPEN_OFFER = (PledgeStatus.ANNOUNCED, PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)


@dataclass
class ItemInfo:
    item: Item
    unit_value_eur: Decimal | None
    provides: str | None  # the ammunition family a munition provides


def interop_items(*, user: Reader) -> dict[int, ItemInfo]:
    result = {}
    for it in item_type_list(user=user):
        families = tuple(sorted(f.name for f in it.ammunition_families.all()))
        munition = (
            it.provides_family_id is not None
            or it.category.strip().casefold().endswith(_MUNITION_ENDINGS)
            or is_munition(it.category)
        )
        result[it.pk] = ItemInfo(
            Item(
                id=it.pk,
                name=it.name,
                capability_area=it.capability_area,
                calibre_mm=it.calibre_mm
                if it.calibre_mm is not None
                else calibre_from_name(it.name),
                families=families,
                maintenance=FAMILY_OF.get(it.name, ""),
                munition=munition,
                standard=it.standard,
                substitutes=tuple(s.pk for s in it.substitutes.all()),
            ),
            it.unit_value_eur,
            it.provides_family.name if it.provides_family else None,
        )
    return result


@dataclass
class PledgeRow:
    record: Record
    kind: str
    requirement_id: int | None
    value_eur: Decimal | None
    amount: Decimal | None
    currency: str


def interop_pledges(*, user: Reader, items: dict[int, ItemInfo]) -> list[PledgeRow]:
    rows = (
        pledge_visible(user=user)
        .values(
            "pk",
            "dataset__key",
            "donor__code",
            "item_type_id",
            "quantity",
            "delivered_quantity",
            "status",
            "source_row",
            "source_url",
            "announced_on",
            "year",
            "kind",
            "requirement_id",
            "value_eur",
            "amount",
            "currency",
        )
        .order_by("id")
    )
    result = []
    for r in rows:
        item_id = r["item_type_id"] if r["item_type_id"] in items else None
        record = Record(
            pledge_id=r["pk"],
            dataset=r["dataset__key"] or "",
            donor=r["donor__code"],
            item_id=item_id,
            quantity=r["quantity"],
            delivered=r["delivered_quantity"],
            status=r["status"],
            row=r["source_row"],
            url=r["source_url"],
            announced_on=r["announced_on"],
            year=r["year"],
        )
        result.append(
            PledgeRow(
                record, r["kind"], r["requirement_id"], r["value_eur"], r["amount"], r["currency"]
            )
        )
    return result


def fleet_entries(pledges: list[PledgeRow], *, exclude_earmarked: bool = False) -> list[FleetEntry]:
    """The register; with `exclude_earmarked`, receipts earmarked for a requirement are left to serve it."""
    return fleet_register(
        p.record
        for p in pledges
        if p.kind == PledgeKind.IN_KIND
        and not (exclude_earmarked and p.requirement_id and p.record.dataset not in REGISTERS)
    )
