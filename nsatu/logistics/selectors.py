from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Role
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.visibility import visible_q
from nsatu.engine.logistics import HubMonth, HubPassage, Lateness, Timing, lateness, throughput
from nsatu.logistics.models import (
    OPEN_REPAIR,
    Discrepancy,
    Hub,
    Receipt,
    RepairOrder,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_visible
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_list


def hub_visible(*, user: Any) -> QuerySet[Hub]:
    return Hub.objects.filter(visible_q(user))


def hub_list(*, user: Any, with_capacity: bool = False) -> QuerySet[Hub]:
    qs = hub_visible(user=user).select_related("country")
    if with_capacity:
        qs = qs.filter(capacity_t_month__isnull=False)
    return qs.order_by("name")


def hub_get(*, user: Any, pk: int) -> Hub:
    hub = hub_list(user=user).filter(pk=pk).first()
    if hub is None:
        raise NotFound(pk)
    return hub


def hub_by_name(*, user: Any, name: str) -> Hub:
    """A hub named in a form, a file or a request; an unknown name is bad input, named with the hubs there are."""
    hub = hub_list(user=user).filter(name__iexact=name.strip()).first()
    if hub is None:
        known = ", ".join(hub_list(user=user).values_list("name", flat=True)[:12])
        raise ValidationError(
            {"hub": [f"Unknown hub {name!r}. Known hubs: {known or 'none imported'}."]}
        )
    return hub


def shipment_visible(*, user: Any) -> QuerySet[Shipment]:
    return Shipment.objects.filter(visible_q(user))


def discrepancy_visible(*, user: Any) -> QuerySet[Discrepancy]:
    """Discrepancies of shipments the user may read, and only for the command, the donor and the recipient:
    another donor reading the shipment does not learn what went wrong with it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Discrepancy.objects.none()
    qs = Discrepancy.objects.filter(line__shipment__in=shipment_visible(user=user))
    if user.role == Role.COORDINATOR:
        return qs
    if user.party_id is None:
        return qs.none()
    return qs.filter(
        Q(line__shipment__donor_id=user.party_id) | Q(line__shipment__recipient_id=user.party_id)
    )


def shipment_list(
    *, user: Any, status: str | None = None, donor: str | None = None, hub: int | None = None
) -> QuerySet[Shipment]:
    qs = shipment_visible(user=user).select_related("donor", "recipient", "hub", "hub__country")
    if status:
        qs = qs.filter(status=status)
    if donor:
        qs = qs.filter(donor__code=donor)
    if hub:
        qs = qs.filter(hub_id=hub)
    return qs.prefetch_related(Prefetch("lines", ShipmentLine.objects.select_related("item_type")))


def shipment_get(*, user: Any, pk: int) -> Shipment:
    shipment = shipment_list(user=user).filter(pk=pk).first()
    if shipment is None:
        raise NotFound(pk)
    return shipment


@dataclass
class LineView:
    line: ShipmentLine
    received: int
    discrepancies: list[Discrepancy]

    @property
    def outstanding(self) -> int:
        return self.line.quantity - self.received - sum(d.quantity for d in self.discrepancies)


@dataclass
class ShipmentView:
    shipment: Shipment
    lines: list[LineView]
    receipts: list[Receipt]
    late: Lateness | None

    @property
    def mass_t(self) -> Decimal:
        return sum((lv.line.mass_t or Decimal(0) for lv in self.lines), Decimal(0))


def _timing(s: Shipment) -> Timing:
    return Timing(
        s.pk,
        s.status,
        {
            "dispatched": s.planned_dispatch,
            "at_hub": s.planned_at_hub,
            "handed_over": s.planned_handover,
        },
        {"dispatched": s.dispatched_on, "at_hub": s.at_hub_on, "handed_over": s.handed_over_on},
    )


def shipment_lateness(*, shipment: Shipment, today: dt.date | None = None) -> Lateness | None:
    return lateness(_timing(shipment), today=today or timezone.localdate())


def shipment_detail(*, user: Any, pk: int, today: dt.date | None = None) -> ShipmentView:
    shipment = shipment_get(user=user, pk=pk)
    lines = list(shipment.lines.all())
    received = dict(
        Receipt.objects.filter(line__shipment=shipment)
        .values("line_id")
        .annotate(n=Sum("quantity"))
        .values_list("line_id", "n")
    )
    found: dict[int, list[Discrepancy]] = defaultdict(list)
    for d in discrepancy_visible(user=user).filter(line__shipment=shipment):
        found[d.line_id].append(d)
    receipts = list(
        Receipt.objects.filter(line__shipment=shipment).select_related("line__item_type")
    )
    return ShipmentView(
        shipment,
        [LineView(line, received.get(line.pk, 0), found[line.pk]) for line in lines],
        receipts,
        shipment_lateness(shipment=shipment, today=today),
    )


@dataclass
class BoardColumn:
    status: str
    label: str
    shipments: list[tuple[Shipment, Lateness | None]]


@dataclass(frozen=True)
class ShipmentChoices:
    donors: QuerySet[Party]
    item_types: QuerySet[ItemType]
    pledges: QuerySet[Pledge]


def shipment_form_choices(*, user: Any) -> ShipmentChoices:
    """What a shipment form may offer: a liaison ships its own nation's firm in-kind pledges, the command any."""
    donors = party_visible(user=user).order_by("name")
    # imported pledges keep the source's delivered figure; receipts must not overwrite it
    pledges = pledge_list(user=user).filter(
        dataset__isnull=True,
        kind="in_kind",
        status__in=[PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED],
    )
    if getattr(user, "role", None) == Role.DONOR_LIAISON:
        donors, pledges = donors.filter(pk=user.party_id), pledges.filter(donor_id=user.party_id)
    return ShipmentChoices(donors, item_type_visible(user=user).order_by("name"), pledges)


def shipment_recipient(*, user: Any) -> Party:
    recipient = party_visible(user=user).filter(code="UKR").first()
    if recipient is None:
        raise ValidationError(
            _("Ukraine (UKR) is not among the parties you may read; import the parties first.")
        )
    return recipient


def shipment_donor_choices(*, user: Any) -> list[tuple[str, str]]:
    """(code, name) of the donors of shipments the user may read: a hidden shipment must not name its donor."""
    senders = shipment_visible(user=user).values("donor_id")
    return list(
        party_visible(user=user).filter(pk__in=senders).order_by("name").values_list("code", "name")
    )


def shipment_board(
    *, user: Any, donor: str | None = None, today: dt.date | None = None
) -> list[BoardColumn]:
    today = today or timezone.localdate()
    columns = {value: BoardColumn(value, str(label), []) for value, label in ShipmentStatus.choices}
    for s in shipment_list(user=user, donor=donor).order_by("planned_handover", "reference"):
        columns[s.status].shipments.append((s, lateness(_timing(s), today=today)))
    return list(columns.values())


def hub_throughput(*, user: Any) -> list[HubMonth]:
    """Tonnes per hub and month over the shipments this user may see (an aggregate never reveals a hidden one)."""
    mass: dict[int, Decimal] = defaultdict(Decimal)
    unknown: dict[int, int] = defaultdict(int)
    for row in ShipmentLine.objects.filter(shipment__in=shipment_visible(user=user)).values(
        "shipment_id", "quantity", "unit_mass_t"
    ):
        if row["unit_mass_t"] is None:
            unknown[row["shipment_id"]] += 1
        else:
            mass[row["shipment_id"]] += row["unit_mass_t"] * row["quantity"]
    passages = [
        HubPassage(
            s["pk"],
            s["hub__name"],
            s["planned_at_hub"],
            s["at_hub_on"],
            mass[s["pk"]],
            s["status"],
            unknown[s["pk"]],
        )
        for s in shipment_visible(user=user).values(
            "pk", "hub__name", "planned_at_hub", "at_hub_on", "status"
        )
    ]
    capacities = {h.name: h.capacity_t_month for h in hub_list(user=user)}
    return throughput(passages, capacities)


@dataclass(frozen=True)
class Flow:
    origin: str
    origin_lat: float
    origin_lon: float
    hub: str
    hub_lat: float
    hub_lon: float
    shipments: int


def hub_map_data(*, user: Any) -> dict[str, Any]:
    """Hubs as points and shipment routes origin → hub as lines, for the map (plain coordinates, no tiles)."""
    hubs = [
        {
            "name": h.name,
            "country": h.country.name,
            "lat": h.lat,
            "lon": h.lon,
            "capacity_t_month": float(h.capacity_t_month)
            if h.capacity_t_month is not None
            else None,
            "role": h.role,
        }
        for h in hub_list(user=user)
        if h.lat is not None and h.lon is not None
    ]
    flows: dict[tuple[Any, ...], list[Any]] = {}
    for s in (
        shipment_visible(user=user)
        .exclude(status=ShipmentStatus.CANCELLED)
        .filter(origin_lat__isnull=False, origin_lon__isnull=False, hub__lat__isnull=False)
        .values("origin", "origin_lat", "origin_lon", "hub__name", "hub__lat", "hub__lon")
    ):
        key = (s["origin"], s["origin_lat"], s["origin_lon"], s["hub__name"])
        flows.setdefault(key, [s["hub__lat"], s["hub__lon"], 0])[2] += 1
    return {
        "hubs": hubs,
        "flows": [
            {
                "origin": k[0],
                "from": [k[1], k[2]],
                "hub": k[3],
                "to": [v[0], v[1]],
                "shipments": v[2],
            }
            for k, v in sorted(flows.items())
        ],
    }


def repair_order_visible(*, user: Any) -> QuerySet[RepairOrder]:
    return RepairOrder.objects.filter(visible_q(user))


def repair_order_list(*, user: Any, status: str | None = None) -> QuerySet[RepairOrder]:
    qs = repair_order_visible(user=user).select_related("item_type", "facility_party", "hub")
    if status:
        qs = qs.filter(status=status)
    return qs


def repair_order_get(*, user: Any, pk: int) -> RepairOrder:
    order = repair_order_list(user=user).filter(pk=pk).first()
    if order is None:
        raise NotFound(pk)
    return order


def units_under_repair(*, user: Any) -> dict[int, int]:
    """Item type id -> units away for repair (sent or in repair); they are not available in the fleet."""
    rows = (
        repair_order_visible(user=user)
        .filter(status__in=OPEN_REPAIR)
        .values("item_type_id")
        .annotate(n=Sum("quantity"))
    )
    return {r["item_type_id"]: int(r["n"]) for r in rows}


def line_accepted(*, shipments: list[Shipment]) -> dict[int, int]:
    """Line id -> units accepted on receipt, for shipments already read through `shipment_list`."""
    rows = (
        Receipt.objects.filter(line__shipment__in=[s.pk for s in shipments])
        .values("line_id")
        .annotate(n=Sum("quantity"))
        .values_list("line_id", "n")
    )
    return {line_id: int(n) for line_id, n in rows}
