from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nsatu.core.visibility import visible_q
from nsatu.logistics.models import Hub


def hub_visible(*, user: Any) -> QuerySet[Hub]:
    return Hub.objects.filter(visible_q(user))


def hub_list(*, user: Any, with_capacity: bool = False) -> QuerySet[Hub]:
    qs = hub_visible(user=user).select_related("country")
    if with_capacity:
        qs = qs.filter(capacity_t_month__isnull=False)
    return qs.order_by("name")
