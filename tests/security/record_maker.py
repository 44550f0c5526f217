"""Build a valid row of any model from its field definitions, so that a Record model added later is covered too.

Required foreign keys get a fresh public dependency; free-text fields carry the record's marker, so that the
test can tell whether a response shows this record and not merely its neighbours.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import validators
from django.db import IntegrityError, models, transaction

from nsatu.core.models import Record, Releasability
from nsatu.parties.models import Party

# Explicit primary keys, distinct across every table: an id in a URL then names exactly one generated row,
# so a 200 for another model's row with the same number cannot hide (or fake) a leak.
_ids = itertools.count(700_001)
PLAIN_VALIDATORS = (validators.MaxLengthValidator, validators.ProhibitNullCharactersValidator)
RECORD_BASE_FIELDS = {f.name for f in Record._meta.get_fields()}


def record_models() -> list[type[Record]]:
    return sorted(
        (m for m in apps.get_models() if issubclass(m, Record)), key=lambda m: m._meta.label
    )


def next_id() -> int:
    return next(_ids)


def _scalar(field: models.Field[Any, Any], text: str) -> Any:
    # Dates rise in the order the fields are declared, so that an end falls after its start.
    day = dt.timedelta(days=field.creation_counter % 1_000)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    # One amount everywhere, so that checks such as "enrolled within seats" hold.
    if isinstance(field, models.DecimalField):
        # A field with one integer digit is a share or a confidence in [0, 1]; anything wider an amount.
        whole_digits = (field.max_digits or 10) - (field.decimal_places or 0)
        return Decimal("0.5") if whole_digits <= 1 else Decimal(7_654)
    if isinstance(field, models.FloatField):
        return 0.5  # shares and confidences lie in [0, 1]
    if isinstance(field, models.IntegerField):
        return 3
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + day
    if isinstance(field, models.DateField):
        return dt.date(2024, 1, 1) + day
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        max_length = field.max_length or 10_000
        return text[:max_length]
    raise NotImplementedError(
        f"no generic value for {field.model.__name__}.{field.name} ({type(field).__name__})"
    )


def dependency_kwargs(model: type[models.Model], *, party: Party) -> dict[str, Any]:
    """Foreign keys of `model` (optional ones too, for check constraints that want them), each a fresh public row.

    The first party reference is `party`, the next ones other parties (a flow's source is not its destination).
    """
    kwargs: dict[str, Any] = {}
    others = iter(Party.objects.exclude(pk=party.pk).order_by("pk"))
    for field in model._meta.concrete_fields:
        target = field.related_model
        if (
            not field.is_relation
            or field.name in RECORD_BASE_FIELDS
            or not isinstance(target, type)
        ):
            continue
        if target is Party:
            kwargs[field.name] = party if party not in kwargs.values() else next(others)
        elif field.null and (target is model or target is get_user_model()):
            continue
        else:
            kwargs[field.name] = make(
                target,
                marker=f"dep{next_id()}",
                releasability=Releasability.PUBLIC,
                owner=party,
                party=party,
                marks_text=False,
            )
    return kwargs


def _attempts(
    model: type[models.Model], base: dict[str, Any], optional: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    yield base
    full = {**base, **optional}
    yield full
    # A check constraint may tie a choice to other columns (a crew course needs an item type): try each choice.
    for field in model._meta.concrete_fields:
        if field.choices and field.name not in RECORD_BASE_FIELDS:
            for value, _label in field.choices[1:]:
                yield {**full, field.name: value}


def make(
    model: type[models.Model],
    *,
    marker: str,
    releasability: str,
    owner: Party | None,
    party: Party,
    marks_text: bool = True,
    deps: dict[str, Any] | None = None,
) -> Any:
    deps = deps if deps is not None else dependency_kwargs(model, party=party)
    base: dict[str, Any] = {}
    optional: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in RECORD_BASE_FIELDS:
            continue
        if field.is_relation:
            if field.name in deps:
                (optional if field.null else base)[field.name] = deps[field.name]
            continue
        free_text = (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and not [v for v in field.validators if not isinstance(v, PLAIN_VALIDATORS)]
        )
        if free_text and (field.max_length or 10_000) >= len(marker):
            base[field.name] = marker
        elif not (field.null or field.has_default() or field.blank):
            base[field.name] = _scalar(field, marker)
        elif (
            marks_text
            and isinstance(field, models.DecimalField | models.IntegerField)
            and not field.choices
        ):
            # An amount, so that totals and charts would move if they counted this record.
            base[field.name] = _scalar(field, marker)
        elif field.null and not isinstance(field, models.CharField | models.TextField):
            optional[field.name] = _scalar(field, marker)
    if issubclass(model, Record):
        base.update(owner=owner, releasability=releasability)
    error: Exception | None = None
    for kwargs in _attempts(model, base, optional):
        try:
            with transaction.atomic():
                return model.objects.create(pk=next_id(), **kwargs)
        except IntegrityError as exc:
            error = exc
    raise AssertionError(f"record_maker cannot build a valid {model.__name__}: {error}")
