"""The same pledge recorded twice: same donor, item type and quantity, with close dates.

Dates: an exact date (announced on) when the record has one, else its order year. Two records are close when
    both have exact dates no more than WINDOW_DAYS apart; or
    one has a year and the other a date or year within that year (widened by WINDOW_DAYS); or
    at least one has no date at all (the registers without dates, Kiel and Oryx, cannot be told apart by date).
Two rows of the same imported dataset are never duplicates of each other: the source lists them as separate
records (SIPRI's two Krab orders of 54 in 2022 are two orders). Withdrawn pledges are left out.

Records are grouped best first: each joins the first group all of whose members it matches, so a group holds
at most one row of each imported dataset. A group is suggested to merge into one record, which keeps the
sources of all the others. The record kept is the one furthest along (delivered > allocated > committed >
announced), then the one with an exact date, then the one from a register in the order SIPRI, Oryx, Kiel,
then the oldest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nsatu.engine.interop.fleet import KIEL, ORYX, SIPRI, WITHDRAWN, Record

WINDOW_DAYS = 92
STATUS_RANK = {"delivered": 0, "allocated": 1, "committed": 2, "announced": 3}
DATASET_RANK = {SIPRI: 0, ORYX: 1, KIEL: 2}


def _span(r: Record, window: dt.timedelta) -> tuple[dt.date, dt.date] | None:
    if r.announced_on is not None:
        return r.announced_on - window, r.announced_on + window
    if r.year is not None:
        return dt.date(r.year, 1, 1) - window, dt.date(r.year, 12, 31) + window
    return None


def close(a: Record, b: Record, *, window_days: int = WINDOW_DAYS) -> bool:
    window = dt.timedelta(days=window_days)
    if a.announced_on is not None and b.announced_on is not None:
        return abs(a.announced_on - b.announced_on) <= window
    sa, sb = _span(a, window), _span(b, window)
    if sa is None or sb is None:
        return True
    if a.announced_on is not None:
        return sb[0] <= a.announced_on <= sb[1]
    if b.announced_on is not None:
        return sa[0] <= b.announced_on <= sa[1]
    return a.year == b.year


def _related(a: Record, b: Record, window_days: int) -> bool:
    if a.dataset and a.dataset == b.dataset:
        return False
    return close(a, b, window_days=window_days)


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
    records: Iterable[Record], *, window_days: int = WINDOW_DAYS
) -> list[DuplicateGroup]:
    buckets: dict[tuple[str, int, int], list[Record]] = defaultdict(list)
    for r in records:
        if r.status != WITHDRAWN and r.item_id is not None and r.quantity:
            buckets[(r.donor, r.item_id, r.quantity)].append(r)
    groups: list[DuplicateGroup] = []
    for (donor, item_id, quantity), members in sorted(buckets.items()):
        # Each record joins the first group whose every member it matches, best records first, so a group
        # holds at most one row of each imported dataset and a date-less row joins the strongest record.
        clusters: list[list[Record]] = []
        for record in sorted(members, key=_rank):
            home = next(
                (c for c in clusters if all(_related(record, other, window_days) for other in c)),
                None,
            )
            if home is None:
                clusters.append([record])
            else:
                home.append(record)
        groups.extend(
            DuplicateGroup(
                donor,
                item_id,
                quantity,
                tuple(sorted(c, key=lambda r: r.pledge_id)),
                min(c, key=_rank),
            )
            for c in clusters
            if len(c) > 1
        )
    return groups
