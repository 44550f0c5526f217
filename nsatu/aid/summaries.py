"""A donor's aid lines as its page lists them, kept in Django's cache under a fingerprint of what they were
computed from: a page view of a big donor neither reads nor matches its records again while nothing changed.

Never stale, only cold. The key hashes
- the code that computes the lines (the engine's ledger package, designations, this app's reads): a deploy
  that changes a rule starts cold;
- the reader's visibility class (signed in, role, party: `visibility_class`), not the user: the lines are a
  function of that class alone (the proof is beside `visibility_class`), so every reader of one class reads
  one entry and no entry is ever handed to a reader of another class (issue #14: need-to-know);
- the scope (donor, how many lines listed);
- change stamps of every table the lines are read from: the donor's pledges (count, ids, versions, last
  update: each write of a service or an importer bumps the version and the update time, each insert or delete
  moves the count and the ids), the shares to the reader's party (what he sees beyond releasability), the
  link decisions (made, withdrawn), item types and families (names, aliases, visibility), requirements
  (earmarks he may follow), parties (names) and datasets (titles, the illustrative mark).

The stamps are aggregates over whole tables or one donor's rows, read whatever the reader sees: they only
decide whether an entry is still good, a change to a record hidden from the reader merely makes his next view
cold, and nothing of them is ever shown. The donor's lines themselves are the aid ledger's
(`aid_ledger_get(donor=…)`): the page shows the same figures as the aid ledger page and the API.

Kept warm: each class that computed a donor's entry is noted beside it, and after a write of that donor's
records `donor_lines_refresh` (a task on the database queue, aid/tasks.py) computes the entries of those
classes again under the new stamps, so the next view does not pay for the write.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Model, QuerySet, Sum
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from nsatu.accounts.models import User
from nsatu.aid import selectors as aid_selectors
from nsatu.aid.models import LinkDecision
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader, is_signed_in
from nsatu.core.models import RecordShare
from nsatu.engine import designations
from nsatu.engine import ledger as engine_ledger
from nsatu.engine.ledger import AidLine
from nsatu.needs.models import Requirement
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.sources.models import Dataset

# Entries are never stale (the key changes with what they were computed from): the timeout only frees memory.
TIMEOUT_SECONDS = 24 * 3600


def _code_version() -> str:
    digest = hashlib.sha256()
    package = Path(engine_ledger.__file__).parent
    files = sorted(package.glob("*.py"))
    files += [Path(p) for p in (designations.__file__, aid_selectors.__file__, __file__) if p]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


@dataclass(frozen=True)
class DonorLines:
    """A donor's aid lines in the page's order (item type name, line id): the first `rows`, and the totals of
    all of them."""

    rows: tuple[tuple[AidLine, str], ...]  # (line, the name of its item type, "" when not seen)
    total: int
    attestations: int
    in_kind_committed: int


def table_stamp(rows: QuerySet[Any], *, versioned: bool = True, **more: Any) -> tuple[object, ...]:
    """Change marks of a table (or some of its rows) in one aggregate: count and ids move on each insert or
    delete; on a Record, the versions and the last update time move on each write of a service or importer;
    `more` adds aggregates of the columns read from a table that keeps no version."""
    marks: dict[str, Any] = {"n": Count("pk"), "top": Max("pk"), "ids": Sum("pk")}
    if versioned:
        marks |= {"versions": Sum("version"), "at": Max("updated_at")}
    return tuple(rows.order_by().aggregate(**marks, **more).values())


def weighted(column: str) -> Sum:
    """Sum of id × value: unlike a plain sum, it moves when a value moves from one row to another, or changes
    in one row while another changes the other way (a table with no version has only its values to show a
    write)."""
    return Sum(F("pk") * F(column))


def weighted_day(column: str) -> Sum:
    """weighted() for a date column, as a day number every database computes alike."""
    day = ExtractYear(column) * 372 + ExtractMonth(column) * 31 + ExtractDay(column)
    return Sum(F("pk") * day)


def _listed(model: type[Model], *fields: str) -> tuple[object, ...]:
    return tuple(model._default_manager.order_by("pk").values_list("pk", *fields))


def reader_mark(user: Reader) -> tuple[object, ...]:
    """Whose entry it is: the user (with his role and party, which decide what he sees). For a result not
    shown to depend on the visibility class alone (the coverage's key reads the ledger's stamps with it)."""
    if user is not None and is_signed_in(user):
        return (user.pk, user.role, user.party_id)
    return ("public",)  # who is not signed in reads public records only


def visibility_class(user: Reader) -> tuple[object, ...]:
    """The readers who see exactly the same records: `visible_q` (core/visibility.py) reads only whether the
    reader is signed in, his role and his party, never who he is.

    A donor's lines are a function of this class alone, so they are kept once per class. Every read of
    `_compute` goes through the rule or reads no reader at all:
    - `aid_ledger_get` (aid/selectors.py `_read`): the pledges from `pledge_visible` (visible_q), their item
      type and earmark marked seen through `item_type_visible` and `requirement_visible` (visible_q); the
      names, aliases, families and datasets joined to those rows are read whoever asks; the live link
      decisions are filtered by the ids of those pledges only; the engine is pure;
    - the item type names: `item_type_visible` (visible_q).
    tests/aid/test_summaries.py computes the lines for a reader that has nothing else (no pk, no name) and
    fails the day a read of the user himself comes in.
    """
    if user is not None and is_signed_in(user):
        return ("class", user.role, user.party_id)
    return ("public",)  # a deactivated account reads what the public reads (is_signed_in)


def ledger_stamps(
    *, user: Reader, donor: str | None, reader: tuple[object, ...] | None = None
) -> tuple[object, ...]:
    """What the aid ledger (of one donor, or of all) read for this reader depends on (the module's
    docstring): the code, the reader (`reader`, by default `reader_mark`: the user himself) and the change
    marks of every table it reads."""
    party_id = user.party_id if user is not None and is_signed_in(user) else None
    pledges = Pledge.objects.filter(donor__code=donor) if donor else Pledge.objects.all()
    return (
        CODE_VERSION,
        reader_mark(user) if reader is None else reader,
        donor,
        table_stamp(pledges),
        table_stamp(RecordShare.objects.filter(party_id=party_id), versioned=False)
        if party_id
        else (),
        table_stamp(LinkDecision.objects.all(), versioned=False, withdrawn=Count("withdrawn_at")),
        table_stamp(ItemType.objects.all()),
        _listed(AmmunitionFamily, "name"),
        table_stamp(Requirement.objects.all()),
        table_stamp(Party.objects.all()),
        _listed(Dataset, "key", "title", "illustrative"),
    )


def stamp_key(prefix: str, *parts: object) -> str:
    return f"{prefix}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def donor_lines_key(*, user: Reader, donor: str, first: int) -> str:
    """The cache key of a donor's lines for this reader's visibility class (the module's docstring says what
    it hashes)."""
    stamps = ledger_stamps(user=user, donor=donor, reader=visibility_class(user))
    return stamp_key("aid:donor-lines", first, stamps)


def _compute(*, user: Reader, donor: str, first: int | None) -> DonorLines:
    lines = aid_selectors.aid_ledger_get(user=user, donor=donor).lines
    names = dict(
        item_type_visible(user=user)
        .filter(pk__in={line.item_id for line in lines if line.item_id is not None})
        .values_list("pk", "name")
    )

    def order(line: AidLine) -> tuple[str, str]:
        return names.get(line.item_id or 0, ""), line.id

    # The first few of a big donor's lines without sorting them all (nsmallest: sorted(...)[:first]).
    shown = sorted(lines, key=order) if first is None else heapq.nsmallest(first, lines, key=order)
    return DonorLines(
        rows=tuple(
            (line, names.get(line.item_id, "") if line.item_id is not None else "")
            for line in shown
        ),
        total=len(lines),
        attestations=sum(len(line.attestations) for line in lines),
        in_kind_committed=sum(line.committed for line in lines if line.kind == "in_kind"),
    )


def donor_lines_get(*, user: Reader, donor: str, first: int | None = None) -> DonorLines:
    """A donor's aid lines for this reader; with `first`, only the first listed (and kept in the cache, since
    the totals and those few lines are all a page needs), without it every line (a download), computed."""
    if first is None:
        return _compute(user=user, donor=donor, first=None)
    key = donor_lines_key(user=user, donor=donor, first=first)
    found = cache.get(key)
    if isinstance(found, DonorLines):
        return found
    lines = _compute(user=user, donor=donor, first=first)
    cache.set(key, lines, TIMEOUT_SECONDS)
    _remember(user=user, donor=donor, first=first)
    return lines


def _readers_key(donor: str) -> str:
    return f"aid:donor-readers:{donor}"


def _remember(*, user: Reader, donor: str, first: int) -> None:
    """Note that a reader of this class keeps an entry of the donor's lines: donor_lines_refresh computes
    them again after a write. Two processes noting at once may lose one note: that class is merely cold."""
    key = _readers_key(donor)
    known = cache.get(key)
    noted = known if isinstance(known, frozenset) else frozenset()
    entry = (first, visibility_class(user))
    if entry not in noted:
        cache.set(key, noted | {entry}, TIMEOUT_SECONDS)


def _readers(noted: frozenset[tuple[int, tuple[object, ...]]]) -> Iterator[tuple[int, Reader]]:
    """A reader of each noted class: the public, or any active user of that role and party (the lines
    depend on the class alone, see visibility_class); a class nobody holds any more is left out."""
    for first, mark in sorted(noted, key=repr):
        if mark == visibility_class(None):
            yield first, None
            continue
        _, role, party_id = mark
        party = {"party_id": party_id} if isinstance(party_id, int) else {"party__isnull": True}
        user = User.objects.filter(role=str(role), is_active=True, **party).order_by("pk").first()
        if user is not None:
            yield first, user


def donor_lines_refresh(*, donor: str) -> int:
    """Compute again the donor's lines of every visibility class that keeps them, under the key of what they
    are computed from now, so that the next page view after a write finds them warm; how many it computed.

    No audit event, unlike a service's write: it changes no record, only a cache entry derived from them
    under the key of their change marks, the same entry the reader's own next view would have computed."""
    noted = cache.get(_readers_key(donor))
    computed = 0
    for first, reader in _readers(noted if isinstance(noted, frozenset) else frozenset()):
        key = donor_lines_key(user=reader, donor=donor, first=first)
        if not isinstance(cache.get(key), DonorLines):
            cache.set(key, _compute(user=reader, donor=donor, first=first), TIMEOUT_SECONDS)
            computed += 1
    return computed
