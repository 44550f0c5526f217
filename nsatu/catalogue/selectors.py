from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q


def item_type_visible(*, user: Any) -> QuerySet[ItemType]:
    return ItemType.objects.filter(visible_q(user))


def item_type_list(
    *,
    user: Any,
    capability_area: str | None = None,
    standard: str | None = None,
    family: str | None = None,
    search: str | None = None,
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
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(category__icontains=search) | Q(nsn__startswith=search)
        )
    return qs.distinct().order_by("capability_area", "name")


def item_type_get(*, user: Any, pk: int) -> ItemType:
    item = item_type_list(user=user).filter(pk=pk).first()
    if item is None:
        raise NotFound(pk)
    return item


def ammunition_family_list() -> QuerySet[AmmunitionFamily]:
    return AmmunitionFamily.objects.order_by("name")
