"""References named in an input (a page form or an API body), resolved through the reader's visibility."""

from __future__ import annotations

from collections.abc import Callable
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
