"""References named in an input (a page form or an API body), resolved through the reader's visibility."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils.translation import gettext as _

from nsatu.core.errors import NotFound, ValidationError


def field_ref[T](field: str, value: object, lookup: Callable[[], T]) -> T:
    """Resolve a reference given in the input; unknown and invisible records give the same field error."""
    try:
        return lookup()
    except NotFound:
        raise ValidationError(
            {field: [_("%(value)s does not exist or is not visible to you.") % {"value": value}]}
        ) from None


def optional_ref[T](field: str, value: object | None, lookup: Callable[[], T]) -> T | None:
    return None if value is None else field_ref(field, value, lookup)


def mark_visible_refs[M: Model](
    qs: QuerySet[M], *, field: str, visible: QuerySet[Any]
) -> QuerySet[M]:
    """Annotate `<field>_seen`: whether the caller may see the record a foreign key points to.

    A visible record may point to one the caller may not see; its id alone would reveal that it exists.
    """
    annotated: QuerySet[M] = qs.annotate(
        **{f"{field}_seen": Exists(visible.filter(pk=OuterRef(f"{field}_id")))}
    )
    return annotated


# Naming a related record on any surface (page, CSV, JSON export, API schema) goes through the functions
# below and nowhere else: a record the reader may see can point at one he may not, and its reference,
# title or id would tell him it exists. `tests/security/test_related_refs.py` fails if a template or
# export reads a related record's fields around them.


def ref_seen(obj: Model, field: str) -> bool:
    """Whether the record `obj.<field>` points to may be named to the reader.

    Needs the `<field>_seen` annotation of mark_visible_refs (or set by a selector that checked visibility);
    without it the target counts as hidden, so a selector that forgets to mark fails closed.
    """
    return getattr(obj, f"{field}_id", None) is not None and bool(
        getattr(obj, f"{field}_seen", False)
    )


def ref_shown(obj: Model, field: str) -> Model | None:
    """The related record when the reader may see it; None when there is none or it is hidden."""
    if not ref_seen(obj, field):
        return None
    target: Model | None = getattr(obj, field)
    return target


def ref_restricted(obj: Model, field: str) -> bool:
    """A link exists but points at a record hidden from the reader."""
    return getattr(obj, f"{field}_id", None) is not None and not ref_seen(obj, field)


def restricted_label(model: type[Model]) -> str:
    """What every surface shows instead of a hidden record: its kind, no reference, no title, no id."""
    return _("a restricted %(kind)s") % {"kind": model._meta.verbose_name}


def record_label(target: Model, *, title: bool = False) -> str:
    """A record's reference where it has one (requirements, shipments), else its name (item types, hubs),
    else its id (pledges, lines)."""
    reference = getattr(target, "reference", None)
    if not reference:
        return str(getattr(target, "name", None) or target.pk)
    heading = str(getattr(target, "title", None) or "") if title else ""
    return f"{reference} {heading}" if heading else str(reference)


def ref_label(obj: Model, field: str, *, title: bool = False) -> str:
    """The related record's label for a table cell or an export: its reference (and title), "a restricted
    <kind>" when hidden, "" when there is no link."""
    if getattr(obj, f"{field}_id", None) is None:
        return ""
    target = ref_shown(obj, field)
    if target is None:
        model = obj._meta.get_field(field).related_model
        assert isinstance(model, type)  # a foreign key's target, resolved once the apps are loaded
        return restricted_label(model)
    return record_label(target, title=title)


def value_label(model: type[Model], *, target_id: int | None, seen: bool, label: str) -> str:
    """ref_label for a link read as plain values (an export that builds no model instance): the target's
    label when the reader may see it, "a restricted <kind>" when not, "" when there is no link."""
    if target_id is None:
        return ""
    return label if seen else restricted_label(model)


def ref_id(obj: Model, field: str) -> int | None:
    """The related record's id for an export or API body: None when hidden, as when there is no link."""
    return getattr(obj, f"{field}_id", None) if ref_seen(obj, field) else None


def mark_loaded_refs[M: Model](objs: Iterable[M], *, field: str, visible: QuerySet[Any]) -> list[M]:
    """mark_visible_refs for records already loaded (prefetched lines, a page's rows): one query for all."""
    rows = list(objs)
    ids = {i for i in (getattr(o, f"{field}_id", None) for o in rows) if i is not None}
    seen = set(visible.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for o in rows:
        setattr(o, f"{field}_seen", getattr(o, f"{field}_id", None) in seen)
    return rows
