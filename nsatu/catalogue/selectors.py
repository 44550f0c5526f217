from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet

from nsatu.catalogue.models import AmmunitionFamily, ItemCategory, ItemType
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, mark_loaded_refs, mark_visible_refs, optional_ref
from nsatu.core.visibility import visible_q


def item_type_visible(*, user: Reader) -> QuerySet[ItemType]:
    return ItemType.objects.filter(visible_q(user))


# A visible record may point at an item type its reader may not see (a nation's owner-only type): surfaces
# name it through core/refs.py, which reads the `<field>_seen` mark these two set.
def item_type_refs_mark[M: Model](
    qs: QuerySet[M], *, user: Reader, field: str = "item_type"
) -> QuerySet[M]:
    return mark_visible_refs(qs, field=field, visible=item_type_visible(user=user))


def item_type_refs_mark_loaded[M: Model](
    objs: Iterable[M], *, user: Reader, field: str = "item_type"
) -> list[M]:
    return mark_loaded_refs(objs, field=field, visible=item_type_visible(user=user))


def item_type_list(
    *,
    user: Reader,
    capability_area: str | None = None,
    standard: str | None = None,
    family: str | None = None,
    search: str | None = None,
    category: str | None = None,
    order: Sequence[str] = (),
) -> QuerySet[ItemType]:
    # Substitutes are records too: a nation's owner-only item type must not show up as someone's substitute.
    visible_substitutes = Prefetch(
        "substitutes", queryset=item_type_visible(user=user).order_by("name")
    )
    qs = (
        item_type_visible(user=user)
        .select_related("provides_family")
        .prefetch_related("ammunition_families", visible_substitutes)
    )
    if capability_area:
        qs = qs.filter(capability_area=capability_area)
    if standard is not None and standard != "any":
        qs = qs.filter(standard=standard)
    if family:
        qs = qs.filter(Q(ammunition_families__name=family) | Q(provides_family__name=family))
    if category:
        qs = qs.filter(category=category)
    if search:
        # A reader searches by the category's label ("tank"), the stored code stays findable too.
        labelled = [c.value for c in ItemCategory if search.lower() in str(c.label).lower()]
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(category__icontains=search)
            | Q(category__in=labelled)
            | Q(nsn__startswith=search)
        )
    return qs.distinct().order_by(*(order or ("capability_area", "name")))


def item_type_get(*, user: Reader, pk: int) -> ItemType:
    item = item_type_list(user=user).filter(pk=pk).first()
    if item is None:
        raise NotFound(pk)
    return item


def ammunition_family_list() -> QuerySet[AmmunitionFamily]:
    return AmmunitionFamily.objects.order_by("name")


def ammunition_family_get(*, pk: int) -> AmmunitionFamily:
    family = ammunition_family_list().filter(pk=pk).first()
    if family is None:
        raise NotFound(pk)
    return family


def ammunition_family_names() -> list[str]:
    return list(ammunition_family_list().values_list("name", flat=True))


@dataclass(frozen=True)
class ItemTypeChoices:
    """What an item type form offers: every ammunition family, and the item types this user may name as
    substitutes (never the edited one itself: an item type does not substitute for itself)."""

    families: QuerySet[AmmunitionFamily]
    item_types: QuerySet[ItemType]


def item_type_form_choices(*, user: Reader, exclude: int | None = None) -> ItemTypeChoices:
    item_types = item_type_visible(user=user).order_by("name")
    if exclude is not None:
        item_types = item_types.exclude(pk=exclude)
    return ItemTypeChoices(families=ammunition_family_list(), item_types=item_types)


@dataclass(frozen=True)
class ItemTypeEditPage:
    item: ItemType
    choices: ItemTypeChoices


def item_type_edit_page_get(*, user: Reader, pk: int) -> ItemTypeEditPage:
    return ItemTypeEditPage(
        item=item_type_get(user=user, pk=pk),
        choices=item_type_form_choices(user=user, exclude=pk),
    )


@dataclass(frozen=True)
class ItemTypeDetail:
    item: ItemType
    # Only the substitutes the reader may see: a hidden one is left out, not named.
    substitutes: list[ItemType]


def item_type_detail_get(*, user: Reader, pk: int) -> ItemTypeDetail:
    item = item_type_get(user=user, pk=pk)
    return ItemTypeDetail(item=item, substitutes=list(item.substitutes.all()))


def item_type_refs_resolve(*, user: Reader, data: dict[str, Any]) -> dict[str, Any]:
    """The input of a write with its ids replaced by the records; one the user may not see is a field error."""
    resolved = dict(data)
    if data.get("ammunition_families") is not None:
        resolved["ammunition_families"] = [
            field_ref("ammunition_families", pk, partial(ammunition_family_get, pk=pk))
            for pk in data["ammunition_families"]
        ]
    if "provides_family" in data:
        family_pk = data["provides_family"]
        resolved["provides_family"] = optional_ref(
            "provides_family", family_pk, lambda: ammunition_family_get(pk=family_pk)
        )
    if data.get("substitutes") is not None:
        resolved["substitutes"] = [
            field_ref("substitutes", pk, partial(item_type_get, user=user, pk=pk))
            for pk in data["substitutes"]
        ]
    return resolved


@dataclass(frozen=True)
class ItemTypeEdit:
    item: ItemType
    changes: dict[str, Any]


def item_type_edit_resolve(*, user: Reader, pk: int, changes: dict[str, Any]) -> ItemTypeEdit:
    """The item type an edit names and its changes with their ids resolved, both as the user may see them."""
    return ItemTypeEdit(
        item=item_type_get(user=user, pk=pk),
        changes=item_type_refs_resolve(user=user, data=changes),
    )
