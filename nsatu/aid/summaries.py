"""A donor's aid lines as its page lists them, kept in Django's cache under a fingerprint of what they were
computed from: a page view of a big donor neither reads nor matches its records again while nothing changed.

Never stale, only cold. The key hashes
- the code that computes the lines (the engine's ledger package, designations, this app's reads): a deploy
  that changes a rule starts cold;
- the reader (user, role, party): an entry is handed back only to the reader it was computed for, so two
  readers never share one, whatever they see (issue #14: need-to-know);
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
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Model, QuerySet, Sum
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

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
    """Whose entry it is: the user (with his role and party, which decide what he sees)."""
    if user is not None and is_signed_in(user):
        return (user.pk, user.role, user.party_id)
    return ("public",)  # who is not signed in reads public records only


def ledger_stamps(*, user: Reader, donor: str | None) -> tuple[object, ...]:
    """What the aid ledger (of one donor, or of all) read for this reader depends on (the module's
    docstring): the code, the reader and the change marks of every table it reads."""
    party_id = user.party_id if user is not None and is_signed_in(user) else None
    pledges = Pledge.objects.filter(donor__code=donor) if donor else Pledge.objects.all()
    return (
        CODE_VERSION,
        reader_mark(user),
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
    """The cache key of a donor's lines for this reader (the module's docstring says what it hashes)."""
    return stamp_key("aid:donor-lines", first, ledger_stamps(user=user, donor=donor))


def _compute(*, user: Reader, donor: str, first: int | None) -> DonorLines:
    lines = aid_selectors.aid_ledger_get(user=user, donor=donor).lines
    names = dict(
        item_type_visible(user=user)
        .filter(pk__in={line.item_id for line in lines if line.item_id is not None})
        .values_list("pk", "name")
    )
    ordered = sorted(lines, key=lambda li: (names.get(li.item_id or 0, ""), li.id))
    shown = ordered if first is None else ordered[:first]
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
    return lines
