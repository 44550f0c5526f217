"""The fleet register: what Ukraine fields, by item type and donor, counted once across the registers.

Three public registers report the same weapons: SIPRI (orders with a delivered number), Oryx (rows with a
delivered flag) and the Kiel tracker (commitments, not deliveries). Per (donor, item type):

    fielded = SIPRI delivered, if SIPRI reports at least one delivered unit for the pair,
              else Oryx delivered (rows flagged delivered),
              plus receipts recorded in the system (pledges of any other dataset: delivered quantity,
              or the whole quantity of a pledge marked delivered).

Kiel figures are commitments: they never count as fielded, but stay listed as a source of the pair. Every
record that reports the pair is kept in `sources`, counted or not, so nothing is lost and the choice can be
checked row by row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SIPRI = "sipri"
ORYX = "oryx"
KIEL = "kiel-weapons"
REGISTERS = (SIPRI, ORYX, KIEL)
DELIVERED = "delivered"
WITHDRAWN = "withdrawn"

_CALIBRE = re.compile(r"(?<![\d.])(\d{2,3}(?:\.\d)?)\s?mm\b", re.IGNORECASE)


def calibre_from_name(name: str) -> Decimal | None:
    """The calibre a name states ("155mm M777", "PzH-2000 155mm"); None when it states none."""
    m = _CALIBRE.search(name)
    return Decimal(m.group(1)) if m else None


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    capability_area: str
    calibre_mm: Decimal | None = None
    families: tuple[str, ...] = ()  # ammunition families it fires
    maintenance: str = ""  # maintenance / spare-part family; empty: the type is a family of its own
    munition: bool = False  # ammunition or missiles: consumed, not fielded
    standard: str = ""
    substitutes: tuple[int, ...] = ()

    @property
    def maintenance_family(self) -> str:
        return self.maintenance or self.name


@dataclass(frozen=True)
class Record:
    """One pledge as the fleet, the duplicate check and the scenarios read it."""

    pledge_id: int
    dataset: str  # "" for a pledge entered in the system
    donor: str
    item_id: int | None
    quantity: int | None  # ordered / pledged
    delivered: int | None  # delivered as reported
    status: str
    row: int | None = None
    url: str = ""
    announced_on: dt.date | None = None
    year: int | None = None

    def delivered_units(self) -> int:
        """Units this record says reached Ukraine."""
        if self.status == WITHDRAWN:
            return 0
        if self.dataset == KIEL:
            return 0
        if self.dataset == ORYX:
            return (self.quantity or 0) if self.status == DELIVERED else 0
        if self.delivered is not None:
            return self.delivered
        return (self.quantity or 0) if self.status == DELIVERED else 0


@dataclass(frozen=True)
class SourceRef:
    dataset: str
    pledge_id: int
    row: int | None
    units: int  # delivered units it reports (committed units for Kiel)
    counted: bool
    url: str = ""

    def label(self) -> str:
        where = f"{self.dataset or 'entered'}"
        return (
            f"{where} row {self.row}"
            if self.row is not None
            else f"{where} pledge {self.pledge_id}"
        )


@dataclass(frozen=True)
class FleetEntry:
    item_id: int
    donor: str
    quantity: int
    counted_from: tuple[str, ...]  # datasets whose figures make up `quantity`
    sources: tuple[SourceRef, ...]


def fleet_register(records: Iterable[Record]) -> list[FleetEntry]:
    pairs: dict[tuple[int, str], list[Record]] = defaultdict(list)
    for record in records:
        if record.item_id is None or record.status == WITHDRAWN:
            continue
        if record.dataset not in REGISTERS and record.delivered_units() == 0:
            continue  # an open offer: nothing of it is fielded yet
        pairs[(record.item_id, record.donor)].append(record)
    entries = []
    for (item_id, donor), group in sorted(pairs.items()):
        sipri = sum(r.delivered_units() for r in group if r.dataset == SIPRI)
        oryx = sum(r.delivered_units() for r in group if r.dataset == ORYX)
        receipts = sum(r.delivered_units() for r in group if r.dataset not in REGISTERS)
        base = SIPRI if sipri > 0 else ORYX
        counted_sets = {base} | {
            r.dataset for r in group if r.dataset not in REGISTERS and r.delivered_units()
        }
        sources = tuple(
            SourceRef(
                r.dataset,
                r.pledge_id,
                r.row,
                (r.quantity or 0) if r.dataset == KIEL else r.delivered_units(),
                r.dataset in counted_sets and r.dataset != KIEL and r.delivered_units() > 0,
                r.url,
            )
            for r in sorted(group, key=lambda r: (r.dataset, r.row or 0, r.pledge_id))
        )
        quantity = (sipri if base == SIPRI else oryx) + receipts
        counted = tuple(sorted({s.dataset for s in sources if s.counted}))
        entries.append(FleetEntry(item_id, donor, quantity, counted, sources))
    return entries


def fleet_by_item(entries: Iterable[FleetEntry]) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for entry in entries:
        totals[entry.item_id] += entry.quantity
    return dict(totals)
