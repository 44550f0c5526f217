from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.needs.models import Requirement


def requirement_visible(*, user: Any) -> QuerySet[Requirement]:
    return Requirement.objects.filter(visible_q(user))


def requirement_list(
    *,
    user: Any,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
) -> QuerySet[Requirement]:
    qs = requirement_visible(user=user).select_related("item_type", "ammunition_family", "owner")
    if status:
        qs = qs.filter(status=status)
    if capability_area:
        qs = qs.filter(capability_area=capability_area)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(description__icontains=search)
        )
    return qs.order_by("priority", "needed_by", "reference")


def requirement_get(*, user: Any, pk: int) -> Requirement:
    item = requirement_list(user=user).filter(pk=pk).first()
    if item is None:
        raise NotFound(pk)
    return item
