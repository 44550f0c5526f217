"""The pledge list by donor name, read one donor at a time off the index on (donor, announced_on, id).

No index of the pledge table holds the donor's name, so `ORDER BY donor.name` made the database read and sort
every visible pledge for each page. Here the donors are taken in name order (the parties that have pledges:
one probe of that index per party) and each donor's pledges are read in the list's order off the index, only
as far as the page needs, so a page costs a few index ranges whatever the size of the ledger. The order is the
same as before, closed by the donor's id so that two donors of one name never interleave: name, donor id,
newest first, id.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from nsatu.core.paging import (
    BoundedCount,
    Cursor,
    KeysetPage,
    count_bounded,
    cursor_read,
    keyset_page,
)
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

DONOR_NAME = "donor__name"
# The whole order of the list by donor (ascending); the descending list flips every field.
BY_DONOR = ("donor__name", "donor_id", "-announced_on", "pk")


def _flipped(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def by_donor(order: Sequence[str] | None) -> bool | None:
    """Whether `order` is the donor order (and then whether descending), None for any other order."""
    if not order or order[0].lstrip("-") != DONOR_NAME:
        return None
    return order[0].startswith("-")


def _values(row: Pledge) -> tuple[object, ...]:
    return (row.donor.name, row.donor_id, row.announced_on, row.pk)


def _read(
    items: QuerySet[Pledge],
    donors: list[int],
    within: tuple[str, ...],
    after: tuple[object, ...] | None,
    want: int,
    count: BoundedCount,
) -> list[Pledge]:
    """Up to `want` rows in the order of `donors`, then `within` each donor, strictly after `after`."""
    start = 0
    token = None
    if after is not None:
        if after[1] not in donors:
            return []
        start = donors.index(after[1])
        token = Cursor("a", after[2:], 0).token(within)
    rows: list[Pledge] = []
    for donor in donors[start:]:
        part = keyset_page(
            items.filter(donor_id=donor).order_by(*within),
            cursor=token,
            size=want - len(rows),
            count=count,
        )
        rows += part.object_list
        token = None
        if len(rows) >= want:
            break
    return rows


def pledge_page_by_donor(
    items: QuerySet[Pledge], *, descending: bool, cursor: str | None, size: int | None = None
) -> KeysetPage[Pledge]:
    """The page of `items` (visible and filtered) by donor name that the cursor names, as `keyset_page`."""
    size = size or settings.NSATU_PAGE_SIZE
    order = tuple(_flipped(f) for f in BY_DONOR) if descending else BY_DONOR
    where = cursor_read(cursor, model=Pledge, order=order)
    count = count_bounded(items)
    backward = where is not None and where.direction in ("b", "z")
    donors = list(
        # Donors with a pledge this reader may see (and the filters keep): a donor whose pledges are all hidden
        # is absent, like one with none, so a forged cursor naming it tells nothing.
        Party.objects.filter(Exists(items.order_by().filter(donor=OuterRef("pk"))))
        .order_by("name", "id")
        .values_list("id", flat=True)
    )
    within: tuple[str, ...] = ("-announced_on", "pk")
    if descending != backward:
        donors.reverse()
        within = tuple(_flipped(f) for f in within)
    after = where.values if where is not None and where.direction in ("a", "b") else None
    rows = _read(items, donors, within, after, size + 1, count)
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
        if not more:
            return pledge_page_by_donor(items, descending=descending, cursor=None, size=size)
    if where is None:
        start = 1
    elif where.direction == "z":
        start = count.value - len(rows) + 1 if count.exact else 0
    else:
        start = where.start
    has_next = more if not backward else where is not None and where.direction == "b"
    has_previous = where is not None and (not backward or more)
    return KeysetPage(
        object_list=rows,
        count=count,
        next_cursor=Cursor("a", _values(rows[-1]), start + len(rows) if start else 0).token(order)
        if rows and has_next
        else None,
        previous_cursor=Cursor("b", _values(rows[0]), max(start - size, 1) if start else 0).token(
            order
        )
        if rows and has_previous
        else None,
        start=start if rows else 0,
    )
