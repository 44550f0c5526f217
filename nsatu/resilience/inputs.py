"""The engine's inputs read from the database, each through the visibility selector of its model.

A pledge the user may see whose item type the user may not see counts as a pledge of no known type: its
units enter no fleet, fragmentation or coverage figure (an aggregate must not reveal a hidden record).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
from nsatu.engine.interop.scenario import Need, Supply, add_months
from nsatu.needs.models import RequirementStatus
from nsatu.needs.selectors import requirement_visible
from nsatu.pledges.models import FIRM_STATUSES, PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.selectors import pledge_visible
from nsatu.resilience.maintenance import FAMILY_OF

# SIPRI names what a munition is by its last word ("anti-radar missile"); matching.is_munition takes "radar" for a
# platform word, so the last word decides here first.
_MUNITION_ENDINGS = ("missile", "shell", "rocket", "bomb", "ammunition")
OPEN_REQUIREMENTS = (RequirementStatus.VALIDATED, RequirementStatus.PUBLISHED)
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


def coverage_needs(*, user: Reader, items: dict[int, ItemInfo]) -> list[Need]:
    records = (
        requirement_visible(user=user)
        .filter(status__in=OPEN_REQUIREMENTS)
        .order_by("priority", "needed_by", "reference")
    )
    providers: dict[str, list[int]] = {}
    for info in sorted(items.values(), key=lambda i: i.item.name):
        if info.provides:
            providers.setdefault(info.provides, []).append(info.item.id)
    needs = []
    for r in records.select_related("ammunition_family"):
        eligible: tuple[int, ...] = ()
        if r.item_type_id and r.item_type_id in items:
            subs = sorted(
                (s for s in items[r.item_type_id].item.substitutes if s in items),
                key=lambda s: items[s].item.name,
            )
            eligible = (r.item_type_id, *subs)
        elif r.ammunition_family_id and r.ammunition_family:
            eligible = tuple(providers.get(r.ammunition_family.name, ()))
        needs.append(
            Need(
                r.pk,
                r.reference,
                r.capability_area,
                r.quantity,
                r.priority,
                eligible,
                r.needed_by,
                r.title,
            )
        )
    return needs


def coverage_supply(*, items: dict[int, ItemInfo], pledges: list[PledgeRow]) -> list[Supply]:
    """Fielded units (the register) plus the undelivered part of every open pledge outside the registers.

    `pledges` are already the visible ones; their tranches are read beside them (a tranche is its pledge's)."""
    supply = [
        Supply(
            f"fleet:{e.donor}:{e.item_id}", e.donor, e.item_id, Decimal(e.quantity), delivered=True
        )
        for e in fleet_entries(pledges, exclude_earmarked=True)
        if e.quantity > 0
    ]
    open_rows = [
        p
        for p in pledges
        if p.record.dataset not in REGISTERS and p.record.status != PledgeStatus.WITHDRAWN
    ]
    tranches: dict[int, list[Tranche]] = {}
    for t in Tranche.objects.filter(pledge_id__in=[p.record.pledge_id for p in open_rows]).order_by(
        "available_from", "id"
    ):
        tranches.setdefault(t.pledge_id, []).append(t)
    for p in open_rows:
        rec = p.record
        firm = rec.status in FIRM_STATUSES
        if p.kind == PledgeKind.FUNDS:
            value = (
                p.value_eur
                if p.value_eur is not None
                else (p.amount if p.currency == "EUR" else None)
            )
            if value and rec.status in OPEN_OFFER:
                supply.append(
                    Supply(
                        f"f{rec.pledge_id}",
                        rec.donor,
                        None,
                        value,
                        firm=firm,
                        pledge_id=rec.pledge_id,
                    )
                )
            continue
        if rec.item_id is None or not rec.quantity:
            continue
        delivered = rec.delivered_units()
        if p.requirement_id and delivered:
            supply.append(
                Supply(
                    f"d{rec.pledge_id}",
                    rec.donor,
                    rec.item_id,
                    Decimal(delivered),
                    delivered=True,
                    requirement_id=p.requirement_id,
                    pledge_id=rec.pledge_id,
                )
            )
        if rec.status not in OPEN_OFFER:
            continue
        per_unit = (
            p.value_eur / rec.quantity
            if p.value_eur is not None
            else items[rec.item_id].unit_value_eur
        )
        common: dict[str, Any] = {
            "firm": firm,
            "requirement_id": p.requirement_id,
            "unit_value_eur": per_unit,
            "pledge_id": rec.pledge_id,
        }
        remaining = rec.quantity - delivered
        used = delivered
        for t in tranches.get(rec.pledge_id, []):
            if t.quantity is None or remaining <= 0:
                continue
            consumed = min(t.quantity, used)
            used -= consumed
            quantity = min(t.quantity - consumed, remaining)
            if quantity <= 0:
                continue
            remaining -= quantity
            supply.append(
                Supply(
                    f"t{t.pk}",
                    rec.donor,
                    rec.item_id,
                    Decimal(quantity),
                    arrival=add_months(t.available_from, t.transit_months),
                    **common,
                )
            )
        if remaining > 0:
            supply.append(
                Supply(f"p{rec.pledge_id}", rec.donor, rec.item_id, Decimal(remaining), **common)
            )
    return supply
