"""What every importer shares: the dataset being filled, the issues it reports, parties and an upsert helper."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal
from typing import Any, TypeVar

from django.db import DatabaseError, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from nsatu.audit.models import AuditEvent
from nsatu.core.models import Record, Releasability
from nsatu.exchange.csvfile import FIRST_YEAR, LAST_YEAR
from nsatu.exchange.errors import ImportFailed, Problem
from nsatu.exchange.matching import ItemMatcher
from nsatu.parties.countries import ORGANISATIONS, display_name
from nsatu.parties.models import Party, PartyKind
from nsatu.sources.models import Dataset, ImportIssue

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

Severity = ImportIssue.Severity


@dataclass(frozen=True)
class Issue:
    row: int | None
    column: str
    severity: str
    reason: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row is not None else _("whole file")
        return (
            f"{where}{', ' + self.column if self.column else ''} [{self.severity}]: {self.reason}"
        )


@dataclass
class Outcome:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    by_model: Counter[str] = field(default_factory=Counter)
    batches: int = 0  # batches written by a streaming importer (BatchSync)
    largest_batch: int = 0  # the most rows it held at once

    @property
    def records(self) -> int:
        return self.created + self.updated + self.unchanged


class PartyBook:
    """Parties by code, created on first use (nations get the pycountry name, organisations their own)."""

    def __init__(self) -> None:
        self._by_code: dict[str, Party] = {p.code: p for p in Party.objects.all()}
        self.created: list[str] = []

    def get(self, code: str) -> Party:
        party = self._by_code.get(code)
        if party is None:
            kind = ORGANISATIONS[code][1] if code in ORGANISATIONS else PartyKind.NATION
            party = Party.objects.create(
                code=code, name=display_name(code), kind=kind, releasability=Releasability.PUBLIC
            )
            self._by_code[code] = party
            self.created.append(code)
        return party

    def existing(self, code: str) -> Party | None:
        return self._by_code.get(code)


# What users change through the services after an import; a re-import must not silently put it back.
WORKFLOW_FIELDS = frozenset({"status", "releasability", "requirement_id", "owner_id"})


def changed_by_services(model: type[models.Model], pks: list[int]) -> set[int]:
    changed = (
        AuditEvent.objects.filter(
            object_type=model._meta.label_lower, object_id__in=[str(p) for p in pks]
        )
        .exclude(action__startswith="import.")
        .values_list("object_id", flat=True)
    )
    return {int(pk) for pk in changed}


def _stored_form(field: models.Field[object, object], value: object) -> tuple[object, str]:
    """The value as the database will hold it, and why it cannot be stored ("" when it can).

    A re-import compares this form with what is stored: compared before rounding, an unchanged file reported
    every amount with more decimals than its column as updated. A value the database would refuse (a NUL
    character, a number too large for its column) is named here, by row and field, instead of failing in the
    database with a traceback and no row.
    """
    if value is None:
        return value, ""
    if isinstance(value, str) and "\x00" in value:
        return value, _("contains a NUL character, which the database cannot store")
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
        if not value.is_finite():
            return value, _("%(value)s is not a finite number") % {"value": value}
        places, digits = field.decimal_places or 0, field.max_digits or 0
        whole = digits - places
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=WIDE)
        if rounded.adjusted() >= whole:
            return value, _(
                "%(value)s is too large to store: at most %(whole)s digits before the decimal point"
            ) % {"value": value, "whole": whole}
        return rounded, ""
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        # As for input through the pages and the API: date arithmetic past these years overflows.
        return value, _("%(value)s is outside the years %(a)s to %(b)s") % {
            "value": value.isoformat(),
            "a": FIRST_YEAR,
            "b": LAST_YEAR,
        }
    if isinstance(value, float) and not math.isfinite(value):
        return value, _("%(value)s is not a finite number") % {"value": value}
    if isinstance(field, models.IntegerField) and isinstance(value, int):
        # The column type's own range, the same on both databases (SQLite alone would take any 64-bit number).
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            field.get_internal_type(), (-MAX_INTEGER - 1, MAX_INTEGER)
        )
        if not low <= value <= high:
            return value, _(
                "%(value)s is outside the range this field can store (%(low)s to %(high)s)"
            ) % {
                "value": value,
                "low": low,
                "high": high,
            }
    if (
        isinstance(field, models.CharField)
        and isinstance(value, str)
        and field.max_length
        and len(value) > field.max_length
    ):
        return value, _("%(n)s characters are more than the %(max)s this field stores") % {
            "n": len(value),
            "max": field.max_length,
        }
    return value, ""


def stored_form_of(field: models.Field[Any, Any]) -> Callable[[object], tuple[object, str]]:
    """`_stored_form` for one field, its common case answered first: a million-row file is checked in seconds."""
    if field.primary_key or field.is_relation or isinstance(field, models.DateTimeField):
        return _as_given
    if isinstance(field, models.DecimalField):
        step = Decimal(1).scaleb(-(field.decimal_places or 0))
        whole = (field.max_digits or 0) - (field.decimal_places or 0)

        def decimal(value: object) -> tuple[object, str]:
            if isinstance(value, Decimal) and value.is_finite():
                rounded = value.quantize(step, ROUND_HALF_EVEN, WIDE)
                if rounded.adjusted() < whole:
                    return rounded, ""
            return _stored_form(field, value)

        return decimal
    if isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            field.get_internal_type(), (-MAX_INTEGER - 1, MAX_INTEGER)
        )

        def integer(value: object) -> tuple[object, str]:
            if type(value) is int and low <= value <= high:
                return value, ""
            return _stored_form(field, value)

        return integer
    return lambda value: _stored_form(field, value)


def _as_given(value: object) -> tuple[object, str]:
    return value, ""


MAX_INTEGER = 2**63 - 1
# Wide enough for any amount a file may hold: quantizing must round, never raise InvalidOperation.
WIDE = Context(prec=1000, Emax=MAX_EMAX, Emin=MIN_EMIN)


def delete_or_refuse(ctx: ImportContext, model: type[models.Model], pks: list[int]) -> int:
    """Delete records an earlier import of this dataset wrote and the file no longer has; refuse the file
    (naming what still refers to them) rather than break those references."""
    try:
        model._default_manager.filter(pk__in=pks).delete()
    except ProtectedError as exc:
        raise ImportFailed(
            [
                Problem(
                    ctx.label,
                    None,
                    "",
                    _(
                        "%(n)s %(what)s from an earlier import of this dataset are no "
                        "longer in the file but other "
                        "records refer to them (%(refs)s); remove those references first"
                    )
                    % {
                        "n": len(pks),
                        "what": model._meta.verbose_name_plural,
                        "refs": ", ".join(
                            sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
                        ),
                    },
                )
            ]
        ) from exc
    return len(pks)


# Rows a streaming importer holds before it writes them: memory stays the same whatever the file's size.
BATCH_ROWS = 5000


class ImportContext:
    def __init__(
        self,
        *,
        dataset: Dataset,
        label: str,
        progress: bool = False,
        batch_size: int = BATCH_ROWS,
    ) -> None:
        self.dataset = dataset
        self.label = label
        self.progress = progress
        self.batch_size = batch_size
        self.issues: list[Issue] = []
        self.outcome = Outcome()
        self.parties = PartyBook()
        self._items: ItemMatcher | None = None

    @property
    def items(self) -> ItemMatcher:
        """The catalogue matcher, built on first use (importers without equipment never load it)."""
        if self._items is None:
            self._items = ItemMatcher()
        return self._items

    @property
    def item_types_created(self) -> list[str]:
        return [i.name for i in self._items.created] if self._items else []

    def note(self, row: int | None, column: str, severity: str, reason: str) -> None:
        self.issues.append(Issue(row, column, str(severity), reason))

    def info(self, row: int | None, column: str, reason: str) -> None:
        self.note(row, column, Severity.INFO, reason)

    def warn(self, row: int | None, column: str, reason: str) -> None:
        self.note(row, column, Severity.WARNING, reason)

    def skip(self, row: int | None, column: str, reason: str) -> None:
        self.note(row, column, Severity.SKIPPED, reason)

    def track(self, items: Iterable[T], desc: str) -> Iterator[T]:
        if not self.progress:
            return iter(items)
        return iter(tqdm(items, desc=desc, unit="row", leave=False))

    def sync(
        self,
        model: type[M],
        *,
        existing: Iterable[M],
        new: Sequence[M],
        key: Callable[[M], Hashable],
        fields: Sequence[str],
        delete_missing: bool = True,
    ) -> list[M]:
        """Upsert `new` against `existing` by natural key; returns the saved objects in the order of `new`.

        Re-importing the same file therefore changes nothing, and records keep their ids (other records may
        point at them). Records of this dataset that the file no longer has are deleted.
        """
        self._store_as_the_database_will(model, new)
        current: dict[Hashable, M] = {}
        for obj in existing:
            current[key(obj)] = obj
        is_record = issubclass(model, Record)
        kept = changed_by_services(model, [o.pk for o in current.values()]) if is_record else set()
        now = timezone.now()
        to_create: list[M] = []
        to_update: list[M] = []
        result: list[M] = []
        seen: set[Hashable] = set()
        for obj in new:
            k = key(obj)
            if k in seen:
                raise ImportFailed(
                    [
                        Problem(
                            self.label,
                            getattr(obj, "source_row", None),
                            "",
                            _("two rows describe the same %(what)s (%(key)s)")
                            % {"what": model._meta.verbose_name, "key": k},
                        )
                    ]
                )
            seen.add(k)
            old = current.pop(k, None)
            if old is None:
                to_create.append(obj)
                result.append(obj)
                continue
            own_fields = (
                [f for f in fields if f not in WORKFLOW_FIELDS] if old.pk in kept else list(fields)
            )
            for f in set(fields) - set(own_fields):
                if getattr(old, f) != getattr(obj, f):
                    self.info(
                        getattr(obj, "source_row", None),
                        f,
                        _(
                            "kept %(field)s %(value)r set in nsatu since the last import (the file says %(file)r)"
                        )
                        % {"field": f, "value": getattr(old, f), "file": getattr(obj, f)},
                    )
            if any(getattr(old, f) != getattr(obj, f) for f in own_fields):
                for f in own_fields:
                    setattr(old, f, getattr(obj, f))
                if isinstance(old, Record):
                    old.version += 1
                    old.updated_at = now
                to_update.append(old)
            else:
                self.outcome.unchanged += 1
            result.append(old)
        try:
            model._default_manager.bulk_create(to_create, batch_size=500)
            if to_update:
                update_fields = [*fields, *(["version", "updated_at"] if is_record else [])]
                model._default_manager.bulk_update(to_update, update_fields, batch_size=500)
        except DatabaseError as exc:
            # What the checks above did not foresee still reaches the user as a message, not a traceback; the
            # caller's transaction rolls back, so nothing is half-written.
            raise ImportFailed(
                [
                    Problem(
                        self.label,
                        None,
                        "",
                        _("the database refused the %(what)s of this file: %(error)s")
                        % {"what": model._meta.verbose_name_plural, "error": exc},
                    )
                ]
            ) from exc
        stale = [obj.pk for obj in current.values()]
        if stale and delete_missing:
            self.outcome.deleted += delete_or_refuse(self, model, stale)
        self.outcome.created += len(to_create)
        self.outcome.updated += len(to_update)
        self.outcome.by_model[model._meta.label] += len(result)
        return result

    def _store_as_the_database_will(self, model: type[M], objects: Sequence[M]) -> None:
        """Put every value in the form the database stores, or refuse the file naming each row and field."""
        problems: list[Problem] = []
        storable = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and not isinstance(f, models.DateTimeField)
        ]
        for obj in objects:
            for f in storable:
                value, reason = _stored_form(f, getattr(obj, f.attname))
                if reason:
                    problems.append(
                        Problem(self.label, getattr(obj, "source_row", None), f.name, reason)
                    )
                else:
                    setattr(obj, f.attname, value)
        if problems:
            raise ImportFailed(problems)
