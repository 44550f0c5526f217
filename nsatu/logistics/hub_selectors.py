"""Reads of hubs as records: which the reader may see, the list, one by id or by the name a form gives.

What passes through the hubs (throughput, the map's routes) is read with the shipments (selectors.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet

from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.refs import mark_loaded_refs, mark_visible_refs
from nsatu.core.visibility import visible_q
from nsatu.logistics.models import Hub


def hub_visible(*, user: Reader) -> QuerySet[Hub]:
    return Hub.objects.filter(visible_q(user))


# As item_type_refs_mark: a visible shipment or plan line may pass through a hub its reader may not see.
def hub_refs_mark[M: Model](qs: QuerySet[M], *, user: Reader, field: str = "hub") -> QuerySet[M]:
    return mark_visible_refs(qs, field=field, visible=hub_visible(user=user))


def hub_refs_mark_loaded[M: Model](
    objs: Iterable[M], *, user: Reader, field: str = "hub"
) -> list[M]:
    return mark_loaded_refs(objs, field=field, visible=hub_visible(user=user))


def hub_list(*, user: Reader, with_capacity: bool = False) -> QuerySet[Hub]:
    qs = hub_visible(user=user).select_related("country")
    if with_capacity:
        qs = qs.filter(capacity_t_month__isnull=False)
    return qs.order_by("name")


def hub_get(*, user: Reader, pk: int) -> Hub:
    hub = hub_list(user=user).filter(pk=pk).first()
    if hub is None:
        raise NotFound(pk)
    return hub


def hub_by_name(*, user: Reader, name: str) -> Hub:
    """A hub named in a form, a file or a request; an unknown name is bad input, named with the hubs there are."""
    hub = hub_list(user=user).filter(name__iexact=name.strip()).first()
    if hub is None:
        known = ", ".join(hub_list(user=user).values_list("name", flat=True)[:12])
        raise ValidationError(
            {"hub": [f"Unknown hub {name!r}. Known hubs: {known or 'none imported'}."]}
        )
    return hub
