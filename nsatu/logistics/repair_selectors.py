"""Reads of repair orders: equipment sent back to a repairing nation, and the units it takes out of the fleet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import QuerySet, Sum

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get, item_type_refs_mark, item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref
from nsatu.core.visibility import visible_q
from nsatu.logistics.hub_selectors import hub_refs_mark
from nsatu.logistics.models import RepairOrder, RepairStatus
from nsatu.logistics.workflow import OPEN_REPAIR, repair_next_steps
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible


def repair_order_visible(*, user: Reader) -> QuerySet[RepairOrder]:
    return RepairOrder.objects.filter(visible_q(user))


def repair_order_list(
    *, user: Reader, status: str | None = None, order: Sequence[str] = ()
) -> QuerySet[RepairOrder]:
    qs = repair_order_visible(user=user).select_related("item_type", "facility_party", "hub")
    qs = hub_refs_mark(item_type_refs_mark(qs, user=user), user=user)
    if status:
        qs = qs.filter(status=status)
    if order:
        qs = qs.order_by(*order)
    return qs


def repair_order_get(*, user: Reader, pk: int) -> RepairOrder:
    order = repair_order_list(user=user).filter(pk=pk).first()
    if order is None:
        raise NotFound(pk)
    return order


@dataclass(frozen=True)
class RepairPage:
    orders: QuerySet[RepairOrder]
    # status -> (status, label) an order in it may move to
    next_steps: dict[str, list[tuple[str, str]]]
    item_types: QuerySet[ItemType]
    parties: QuerySet[Party]


def repair_page_get(
    *, user: Reader, status: str | None = None, order: Sequence[str] = ()
) -> RepairPage:
    """The repair orders with the steps each status may move to, and what the form to send equipment for
    repair offers."""
    return RepairPage(
        repair_order_list(user=user, status=status, order=order or ("-sent_on", "reference")),
        {
            value: [(step, str(RepairStatus(step).label)) for step in repair_next_steps(value)]
            for value in RepairStatus.values
        },
        item_type_visible(user=user).order_by("name"),
        party_visible(user=user).order_by("name"),
    )


@dataclass(frozen=True)
class RepairRefs:
    item_type: ItemType
    facility_party: Party


def repair_input_resolve(*, user: Reader, item_type: int, facility_party: str) -> RepairRefs:
    return RepairRefs(
        field_ref("item_type", item_type, partial(item_type_get, user=user, pk=item_type)),
        field_ref(
            "facility_party",
            facility_party,
            partial(party_get, user=user, code=facility_party.upper()),
        ),
    )


def units_under_repair(*, user: Reader) -> dict[int, int]:
    """Item type id -> units away for repair (sent or in repair); they are not available in the fleet."""
    rows = (
        repair_order_visible(user=user)
        .filter(status__in=OPEN_REPAIR)
        .values("item_type_id")
        .annotate(n=Sum("quantity"))
    )
    return {r["item_type_id"]: int(r["n"]) for r in rows}
