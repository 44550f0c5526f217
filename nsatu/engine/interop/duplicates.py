"""The same pledge recorded twice: a report over the aid ledger's matcher (nsatu.engine.ledger), not a rule of
its own, so that the duplicate report and the ledger never disagree.

Every record of the same donor reporting an item type with a quantity is given to the ledger; a group is a
line of the ledger holding more than one record: records the matcher links as one donation (same item type or
designation, quantities equal or close, dates close, see the ledger's rules) or a coordinator confirmed as one.
Two rows of the same imported dataset are never duplicates of each other: the source lists them as separate
records (SIPRI's two Krab orders of 54 in 2022 are two orders). Withdrawn pledges and the demo's remainder
offers (part of a line, not a second report of it) are left out.

A group is suggested to merge into one record, which keeps the sources of all the others. The record kept is
the one furthest along (delivered > allocated > committed > announced), then the one with an exact date, then
the one from a register in the order SIPRI, Oryx, Kiel, then the oldest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nsatu.engine.interop.fleet import KIEL, ORYX, SIPRI, WITHDRAWN, Record
from nsatu.engine.ledger import REMAINDER, Attestation, Decision, dates_close, ledger_build

WINDOW_DAYS = 92
STATUS_RANK = {"delivered": 0, "allocated": 1, "committed": 2, "announced": 3}
DATASET_RANK = {SIPRI: 0, ORYX: 1, KIEL: 2}


def _attestation(r: Record) -> Attestation:
    return Attestation(
        pledge_id=r.pledge_id,
        dataset=r.dataset,
        donor=r.donor,
        recipient="",
        kind="in_kind",
        item_id=r.item_id,
        quantity=r.quantity,
        delivered=r.delivered,
        status=r.status,
        announced_on=r.announced_on,
        year=r.year,
        row=r.row,
    )


def close(a: Record, b: Record, *, window_days: int = WINDOW_DAYS) -> bool:
    """The ledger's date rule; records without a date cannot be told apart by date, so they are close."""
    near = dates_close(_attestation(a), _attestation(b), window_days=window_days)
    return True if near is None else near


@dataclass(frozen=True)
class DuplicateGroup:
    donor: str
    item_id: int
    quantity: int
    records: tuple[Record, ...]
    keep: Record

    @property
    def merged_sources(self) -> tuple[Record, ...]:
        """The records whose sources the kept one takes over."""
        return tuple(r for r in self.records if r.pledge_id != self.keep.pledge_id)


def _rank(r: Record) -> tuple[int, bool, int, int]:
    return (
        STATUS_RANK.get(r.status, 9),
        r.announced_on is None,
        DATASET_RANK.get(r.dataset, 3),
        r.pledge_id,
    )


def duplicates(
    records: Iterable[Record],
    *,
    window_days: int = WINDOW_DAYS,
    decisions: Sequence[Decision] = (),
) -> list[DuplicateGroup]:
    """`window_days` is the ledger's (WINDOW_DAYS); another window is not supported by the one matcher."""
    if window_days != WINDOW_DAYS:
        raise ValueError(f"the ledger compares dates within {WINDOW_DAYS} days")
    kept = {
        r.pledge_id: r
        for r in records
        if r.status != WITHDRAWN and r.item_id is not None and r.quantity and r.dataset != REMAINDER
    }
    ledger = ledger_build((_attestation(r) for r in kept.values()), decisions)
    groups = []
    for line in ledger.lines:
        if len(line.attestations) < 2:
            continue
        members = tuple(
            sorted((kept[a.pledge_id] for a in line.attestations), key=lambda r: r.pledge_id)
        )
        keep = min(members, key=_rank)
        assert keep.item_id is not None and keep.quantity is not None  # filtered above
        groups.append(DuplicateGroup(keep.donor, keep.item_id, keep.quantity, members, keep))
    return sorted(groups, key=lambda g: (g.donor, g.item_id, g.quantity, g.records[0].pledge_id))
