"""Reads of shipments: the list, the board and the detail, what their forms offer, lateness, and what passes
through the hubs (throughput, the map). Hubs as records are read in hub_selectors, repairs in repair_selectors."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import (
    item_type_get,
    item_type_refs_mark,
    item_type_refs_mark_loaded,
    item_type_visible,
)
from nsatu.core.actors import Actor, Reader, Role, is_signed_in
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.refs import field_ref, mark_visible_refs, ref_label
from nsatu.core.visibility import visible_q
from nsatu.engine.logistics import HubMonth, HubPassage, Lateness, Timing, lateness, throughput
from nsatu.logistics import rules
from nsatu.logistics.hub_selectors import hub_by_name, hub_list, hub_refs_mark, hub_visible
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import (
    Discrepancy,
    Hub,
    Receipt,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_get, pledge_list, pledge_visible


def shipment_visible(*, user: Reader) -> QuerySet[Shipment]:
    return Shipment.objects.filter(visible_q(user))


def discrepancy_visible(*, user: Reader) -> QuerySet[Discrepancy]:
    """Discrepancies of shipments the user may read, and only for the command, the donor and the recipient:
    another donor reading the shipment does not learn what went wrong with it."""
    if user is None or not is_signed_in(user):
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
    *,
    user: Reader,
    status: str | None = None,
    donor: str | None = None,
    hub: int | None = None,
    handover_from: dt.date | None = None,
    handover_to: dt.date | None = None,
    order: Sequence[str] = (),
) -> QuerySet[Shipment]:
    qs = shipment_visible(user=user).select_related("donor", "recipient", "hub", "hub__country")
    qs = hub_refs_mark(qs, user=user)
    if status:
        qs = qs.filter(status=status)
    if donor:
        qs = qs.filter(donor__code=donor)
    if hub:
        qs = qs.filter(hub_id=hub, hub__in=hub_visible(user=user))
    if handover_from:
        qs = qs.filter(planned_handover__gte=handover_from)
    if handover_to:
        qs = qs.filter(planned_handover__lte=handover_to)
    if order:
        qs = qs.order_by(*order)
    # A line may deliver a pledge the reader may not see: `pledge_seen` lets every surface leave its id out
    # (core/refs.py), marked in the lines' own query so that a page of shipments costs no extra query.
    lines = mark_visible_refs(
        item_type_refs_mark(ShipmentLine.objects.select_related("item_type", "pledge"), user=user),
        field="pledge",
        visible=pledge_visible(user=user),
    )
    return qs.prefetch_related(Prefetch("lines", lines))


def shipment_get(*, user: Reader, pk: int) -> Shipment:
    shipment = shipment_list(user=user).filter(pk=pk).first()
    if shipment is None:
        raise NotFound(pk)
    return shipment


@dataclass(frozen=True)
class LineView:
    line: ShipmentLine
    received: int
    discrepancies: list[Discrepancy]

    @property
    def outstanding(self) -> int:
        return self.line.quantity - self.received - sum(d.quantity for d in self.discrepancies)


@dataclass(frozen=True)
class ShipmentView:
    shipment: Shipment
    lines: list[LineView]
    receipts: list[Receipt]
    late: Lateness | None

    @property
    def mass_t(self) -> Decimal:
        return sum((lv.line.mass_t or Decimal(0) for lv in self.lines), Decimal(0))

    @property
    def has_outstanding(self) -> bool:
        return any(lv.outstanding > 0 for lv in self.lines)


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


def shipment_detail(*, user: Reader, pk: int, today: dt.date | None = None) -> ShipmentView:
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
    item_type_refs_mark_loaded([r.line for r in receipts], user=user)
    return ShipmentView(
        shipment,
        [LineView(line, received.get(line.pk, 0), found[line.pk]) for line in lines],
        receipts,
        shipment_lateness(shipment=shipment, today=today),
    )


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    shipments: list[tuple[Shipment, Lateness | None]]


@dataclass(frozen=True)
class ShipmentFormPage:
    """What the shipment form may offer, and the hubs it names."""

    donors: QuerySet[Party]
    item_types: QuerySet[ItemType]
    pledges: QuerySet[Pledge]
    hubs: QuerySet[Hub]


def shipment_form_get(*, user: Reader) -> ShipmentFormPage:
    """A liaison ships its own nation's firm in-kind pledges, the command any donor's."""
    donors = party_visible(user=user).order_by("name")
    # imported pledges keep the source's delivered figure; receipts must not overwrite it
    pledges = pledge_list(user=user).filter(
        dataset__isnull=True,
        kind="in_kind",
        status__in=[PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED],
    )
    if user is not None and rules.ships_own_nation_only(user):
        own = user.party_id
        donors = donors.filter(pk=own) if own is not None else donors.none()
        pledges = pledges.filter(donor_id=own) if own is not None else pledges.none()
    return ShipmentFormPage(
        donors, item_type_visible(user=user).order_by("name"), pledges, hub_list(user=user)
    )


def shipment_recipient(*, user: Reader) -> Party:
    recipient = party_visible(user=user).filter(code="UKR").first()
    if recipient is None:
        raise ValidationError(
            _("Ukraine (UKR) is not among the parties you may read; import the parties first.")
        )
    return recipient


@dataclass(frozen=True)
class ShipmentRoute:
    recipient: Party
    hub: Hub


def shipment_route_resolve(*, user: Reader, hub: str) -> ShipmentRoute:
    """The recipient (Ukraine) and the hub a planned shipment names; either missing is bad input."""
    recipient = shipment_recipient(user=user)
    return ShipmentRoute(recipient, hub_by_name(user=user, name=hub))


@dataclass(frozen=True)
class LineRef:
    item_type: int
    quantity: int
    pledge: int | None = None


@dataclass(frozen=True)
class ShipmentRefs:
    donor: Party
    recipient: Party
    hub: Hub
    lines: list[LineInput]


def shipment_input_resolve(
    *, user: Actor, donor: str | None, recipient: str, hub: str, lines: Sequence[LineRef]
) -> ShipmentRefs:
    """The records a shipment's input names by id or code; one the user may not see is a field error."""
    resolved = []
    for i, line in enumerate(lines):
        item_type = field_ref(
            f"lines[{i}].item_type",
            line.item_type,
            partial(item_type_get, user=user, pk=line.item_type),
        )
        pledge = (
            None
            if line.pledge is None
            else field_ref(
                f"lines[{i}].pledge", line.pledge, partial(pledge_get, user=user, pk=line.pledge)
            )
        )
        resolved.append(LineInput(item_type, line.quantity, pledge))
    code = donor or rules.own_donor_code(user)
    if code is None:
        raise ValidationError({"donor": [_("Name the donor party's code.")]})
    return ShipmentRefs(
        field_ref("donor", code, lambda: party_get(user=user, code=code.upper())),
        field_ref("recipient", recipient, lambda: party_get(user=user, code=recipient.upper())),
        hub_by_name(user=user, name=hub),
        resolved,
    )


def shipment_donor_choices(*, user: Reader) -> list[tuple[str, str]]:
    """(code, name) of the donors of shipments the user may read: a hidden shipment must not name its donor."""
    senders = shipment_visible(user=user).values("donor_id")
    return list(
        party_visible(user=user).filter(pk__in=senders).order_by("name").values_list("code", "name")
    )


def shipment_board(
    *, user: Reader, donor: str | None = None, today: dt.date | None = None
) -> list[BoardColumn]:
    today = today or timezone.localdate()
    columns = {value: BoardColumn(value, str(label), []) for value, label in ShipmentStatus.choices}
    for s in shipment_list(user=user, donor=donor).order_by("planned_handover", "reference"):
        columns[s.status].shipments.append((s, lateness(_timing(s), today=today)))
    return list(columns.values())


@dataclass(frozen=True)
class ShipmentBoard:
    columns: list[BoardColumn]
    donors: list[tuple[str, str]]


def shipment_board_get(*, user: Reader, donor: str | None = None) -> ShipmentBoard:
    """The board, narrowed to one donor only when that donor is among those the user may filter by."""
    donors = shipment_donor_choices(user=user)
    chosen = donor if donor in {code for code, _name in donors} else None
    return ShipmentBoard(shipment_board(user=user, donor=chosen), donors)


@dataclass(frozen=True)
class ShipmentTable:
    """The shipments list: the rows the filters chose, in the asked order, and what its filters offer."""

    shipments: QuerySet[Shipment]
    donors: list[tuple[str, str]]
    hubs: list[tuple[int, str]]


def shipment_table_get(
    *,
    user: Reader,
    status: str | None = None,
    donor: str | None = None,
    hub: int | None = None,
    handover_from: dt.date | None = None,
    handover_to: dt.date | None = None,
    order: Sequence[str] = ("-planned_handover", "reference"),
) -> ShipmentTable:
    donors = shipment_donor_choices(user=user)
    hubs = list(hub_list(user=user).values_list("pk", "name"))
    shipments = shipment_list(
        user=user,
        status=status,
        donor=donor if donor in {code for code, _name in donors} else None,
        hub=hub,
        handover_from=handover_from,
        handover_to=handover_to,
        order=order,
    )
    return ShipmentTable(shipments, donors, hubs)


def hub_throughput(*, user: Reader) -> list[HubMonth]:
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
    shipments = hub_refs_mark(shipment_visible(user=user), user=user).select_related("hub")
    passages = [
        HubPassage(
            s.pk,
            # Hubs the reader may not see are grouped under one restricted label, without their capacity.
            ref_label(s, "hub"),
            s.planned_at_hub,
            s.at_hub_on,
            mass[s.pk],
            s.status,
            unknown[s.pk],
        )
        for s in shipments.only("pk", "hub__name", "planned_at_hub", "at_hub_on", "status")
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


@dataclass(frozen=True)
class HubPage:
    hubs: QuerySet[Hub]
    months: list[HubMonth]
    map_data: dict[str, Any]

    @property
    def over(self) -> list[HubMonth]:
        return [m for m in self.months if m.over]


def hub_page_get(*, user: Reader) -> HubPage:
    return HubPage(hub_list(user=user), hub_throughput(user=user), hub_map_data(user=user))


def hub_map_data(*, user: Reader) -> dict[str, Any]:
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
        # A route into a hub the reader may not see would place it on the map.
        .filter(hub__in=hub_visible(user=user))
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


def line_accepted(*, shipments: list[Shipment]) -> dict[int, int]:
    """Line id -> units accepted on receipt, for shipments already read through `shipment_list`."""
    rows = (
        Receipt.objects.filter(line__shipment__in=[s.pk for s in shipments])
        .values("line_id")
        .annotate(n=Sum("quantity"))
        .values_list("line_id", "n")
    )
    return {line_id: int(n) for line_id, n in rows}
