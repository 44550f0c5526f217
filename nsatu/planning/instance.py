"""The allocation instance read from the database, through the visibility selectors of each model.

Rules (docs/allocation-model.md documents the model itself):
- requirements, listed in the order they came in (the status quo fills "the first open one" in that
  order; priorities count only in the optimal plan): published, visible, with an item type (satisfied by
  it and its visible substitutes) or an ammunition family (satisfied by every visible item type that
  provides the family). The need is the stated quantity, rounded up, less what firm pledges earmarked for
  it have already delivered; a requirement already met is left out. Needed-by is the month of the stated
  date counted from the run's start; a date before the start means "needed now" (month 0), no date or one
  past the horizon means the last month.
- offers: committed or allocated pledges, not from the historic registers (REGISTER_DATASETS). An in-kind
  pledge offers the undelivered part of each tranche (deliveries use up the earliest tranches first) plus
  one implicit tranche for what no tranche schedules, available from the announcement or the start. A
  funds pledge with a value in EUR is a funds offer. A pledge earmarked for a requirement may serve only
  that one; one earmarked for a requirement outside the plan is left out. Requirements a donor declined
  for a pledge in an earlier run are excluded for that pledge.
- claims: a live claim lets only the claiming donor's offers serve the requirement.
- hubs: only those with a stated capacity take part; a tranche routed through another hub is unconstrained.
- fleet: an item type is in the fleet once a visible pledge of it was (partly) delivered.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.engine.allocation import instance as eng
from nsatu.logistics.models import Hub
from nsatu.logistics.selectors import hub_list
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_visible
from nsatu.planning.selectors import claims_live, declined_pairs
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.selectors import pledge_visible

# SIPRI, the Kiel weapons table and Oryx record orders and deliveries after the fact; their open remainders
# enter a plan only through the illustrative planning scenario (nsatu/demo/offers.py), which reconciles
# the registers so that nothing is offered twice.
REGISTER_DATASETS = ("sipri", "kiel-weapons", "oryx")
OFFERED = (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)
FUNDS_LEAD_TIME = (
    3  # months from a funds pledge to delivery of what it buys, unless the run says otherwise
)


@dataclass
class BuiltInstance:
    instance: eng.Instance
    start: dt.date
    requirements: dict[str, Requirement] = field(
        default_factory=dict
    )  # instance id (reference) -> record
    pledges: dict[str, Pledge] = field(default_factory=dict)  # offer id -> pledge
    tranches: dict[str, Tranche | None] = field(
        default_factory=dict
    )  # offer id -> tranche (None: implicit)
    item_types: dict[str, ItemType] = field(default_factory=dict)
    hubs: dict[str, Hub] = field(default_factory=dict)
    total: dict[str, int] = field(
        default_factory=dict
    )  # requirement id -> stated quantity, rounded up
    before: dict[str, int] = field(
        default_factory=dict
    )  # requirement id -> already delivered against it
    summary: dict[str, Any] = field(default_factory=dict)


def month_start(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[5:7]), 1)


def month_index(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def month_date(start: dt.date, index: int) -> dt.date:
    months = start.month - 1 + index
    return dt.date(start.year + months // 12, months % 12 + 1, 1)


def _ceil(value: Decimal) -> int:
    return math.ceil(value)


def _parameters(raw: dict[str, Any]) -> eng.Parameters:
    names = {f for f in eng.Parameters.__dataclass_fields__}
    return eng.Parameters(**{k: v for k, v in raw.items() if k in names})


def _item_type(it: ItemType, in_fleet: set[int]) -> eng.ItemType:
    return eng.ItemType(
        id=it.name,
        name=it.name,
        capability_area=it.capability_area,
        unit_mass_t=float(it.unit_mass_t or 0),
        in_fleet=it.pk in in_fleet,
        unit_price_eur=float(it.unit_value_eur) if it.unit_value_eur else None,
    )


class _Builder:
    def __init__(self, *, user: Reader, parameters: dict[str, Any], now: dt.datetime) -> None:
        self.user = user
        self.params = _parameters(parameters)
        self.raw = parameters
        self.now = now
        self.start = month_start(self.params.start)
        self.horizon = self.params.horizon
        self.out = BuiltInstance(instance=eng.Instance(self.params, (), ()), start=self.start)
        self.left_out: dict[str, list[str]] = defaultdict(list)
        self.types: dict[int, ItemType] = {}

    def month(self, day: dt.date | None) -> int:
        return 0 if day is None else max(month_index(self.start, day), 0)

    def requirements(self) -> list[eng.Requirement]:
        records = list(
            requirement_visible(user=self.user)
            .filter(status=RequirementStatus.PUBLISHED)
            .select_related("item_type", "ammunition_family")
            .order_by("created_at", "id")
        )
        visible_types = item_type_visible(user=self.user)
        substitutes: dict[int, list[ItemType]] = defaultdict(list)
        through = ItemType.substitutes.through
        item_ids = [r.item_type_id for r in records if r.item_type_id]
        pairs = through.objects.filter(from_itemtype_id__in=item_ids).values_list(
            "from_itemtype_id", "to_itemtype_id"
        )
        wanted = {to for _frm, to in pairs} | set(item_ids)
        providers: dict[int, list[ItemType]] = defaultdict(list)
        families = [r.ammunition_family_id for r in records if r.ammunition_family_id]
        for it in visible_types.filter(
            Q(pk__in=wanted) | Q(provides_family_id__in=families)
        ).order_by("name"):
            self.types[it.pk] = it
            if it.provides_family_id in families:
                providers[it.provides_family_id].append(it)
        for frm, to in pairs:
            if to in self.types:
                substitutes[frm].append(self.types[to])
        delivered = self._delivered([r.pk for r in records])
        live = {c.requirement_id: c.donor.code for c in claims_live(user=self.user, now=self.now)}
        result = []
        for r in records:
            if r.item_type_id and r.item_type_id in self.types:
                satisfied = [
                    self.types[r.item_type_id],
                    *sorted(substitutes[r.item_type_id], key=lambda i: i.name),
                ]
            elif r.ammunition_family_id:
                satisfied = providers[r.ammunition_family_id]
            else:
                satisfied = []
            if not satisfied:
                self.left_out["no_item_type"].append(r.reference)
                continue
            total = _ceil(r.quantity)
            need = total - delivered.get(r.pk, 0)
            if need <= 0:
                self.left_out["already_delivered"].append(r.reference)
                continue
            needed_by = (
                self.horizon - 1
                if r.needed_by is None
                else min(self.month(r.needed_by), self.horizon - 1)
            )
            self.out.requirements[r.reference] = r
            self.out.total[r.reference] = total
            self.out.before[r.reference] = total - need
            result.append(
                eng.Requirement(
                    id=r.reference,
                    quantity=need,
                    priority=r.priority,
                    needed_by=needed_by,
                    satisfied_by=tuple(dict.fromkeys(i.name for i in satisfied)),
                    capability_area=r.capability_area,
                    claimed_by=live.get(r.pk),
                    title=r.title,
                )
            )
        return result

    def _delivered(self, requirement_ids: list[int]) -> dict[int, int]:
        delivered: dict[int, int] = defaultdict(int)
        rows = (
            pledge_visible(user=self.user)
            .filter(requirement_id__in=requirement_ids, kind=PledgeKind.IN_KIND)
            .exclude(status=PledgeStatus.WITHDRAWN)
            .values("requirement_id", "status", "quantity", "delivered_quantity")
        )
        for row in rows:
            if row["status"] == PledgeStatus.DELIVERED:
                delivered[row["requirement_id"]] += (
                    row["delivered_quantity"] or row["quantity"] or 0
                )
            else:
                delivered[row["requirement_id"]] += row["delivered_quantity"] or 0
        return delivered

    def offers(self) -> tuple[list[eng.Tranche], list[eng.FundsOffer]]:
        hubs = {h.pk: h for h in hub_list(user=self.user, with_capacity=True)}
        self.out.hubs = {h.name: h for h in hubs.values()}
        pledges = list(
            pledge_visible(user=self.user)
            .filter(status__in=OFFERED)
            .exclude(dataset__key__in=REGISTER_DATASETS)
            .select_related("donor", "item_type", "requirement", "recipient")
            .prefetch_related("tranches")
            .order_by("id")
        )
        declined = declined_pairs(user=self.user, pledge_ids=[p.pk for p in pledges])
        order = {
            p.pk: n
            for n, p in enumerate(
                sorted(pledges, key=lambda p: (p.announced_on or dt.date.max, p.year or 9999, p.pk))
            )
        }
        visible_items = set(
            item_type_visible(user=self.user)
            .filter(pk__in=[p.item_type_id for p in pledges if p.item_type_id])
            .values_list("pk", flat=True)
        )
        tranches: list[eng.Tranche] = []
        funds: list[eng.FundsOffer] = []
        for pledge in pledges:
            earmark: tuple[str, ...] = ()
            if pledge.requirement_id:
                ref = pledge.requirement.reference if pledge.requirement else ""
                if ref not in self.out.requirements:
                    self.left_out["earmarked_elsewhere"].append(f"pledge {pledge.pk}")
                    continue
                earmark = (ref,)
            excluded = tuple(
                sorted(r for r in declined.get(pledge.pk, ()) if r in self.out.requirements)
            )
            common = {
                "donor": pledge.donor.code,
                "earmark_requirements": earmark,
                "excluded_requirements": excluded,
                "pledge_id": str(pledge.pk),
                "announced": order[pledge.pk],
            }
            if pledge.kind == PledgeKind.FUNDS:
                offer = self._funds(pledge, common)
                if offer is not None:
                    funds.append(offer)
                continue
            if (
                pledge.item_type_id is None
                or pledge.item_type_id not in visible_items
                or not pledge.quantity
            ):
                self.left_out["no_item_type_or_quantity"].append(f"pledge {pledge.pk}")
                continue
            assert pledge.item_type is not None
            self.types.setdefault(pledge.item_type_id, pledge.item_type)
            tranches.extend(self._tranches(pledge, common, hubs))
        return tranches, funds

    def _tranches(
        self, pledge: Pledge, common: dict[str, Any], hubs: dict[int, Hub]
    ) -> list[eng.Tranche]:
        assert pledge.quantity is not None
        delivered_left = pledge.delivered_quantity or 0
        remaining = pledge.quantity - delivered_left
        result = []
        for tranche in sorted(pledge.tranches.all(), key=lambda t: (t.available_from, t.pk)):
            if tranche.quantity is None:
                continue
            consumed = min(tranche.quantity, delivered_left)
            delivered_left -= consumed
            quantity = min(tranche.quantity - consumed, remaining)
            if quantity <= 0:
                continue
            remaining -= quantity
            hub = hubs.get(tranche.hub_id) if tranche.hub_id else None
            offer = self._tranche(
                f"t{tranche.pk}",
                pledge,
                quantity,
                self.month(tranche.available_from),
                tranche.transit_months,
                hub,
                common,
            )
            if offer is not None:
                self.out.tranches[offer.id] = tranche
                result.append(offer)
        if remaining > 0:  # what no tranche schedules yet
            offer = self._tranche(
                f"p{pledge.pk}", pledge, remaining, self.month(pledge.announced_on), 0, None, common
            )
            if offer is not None:
                self.out.tranches[offer.id] = None
                result.append(offer)
        return result

    def _tranche(
        self,
        ident: str,
        pledge: Pledge,
        quantity: int,
        available: int,
        transit: int,
        hub: Hub | None,
        common: dict[str, Any],
    ) -> eng.Tranche | None:
        if available >= self.horizon:
            self.left_out["beyond_horizon"].append(ident)
            return None
        assert pledge.item_type is not None
        self.out.pledges[ident] = pledge
        return eng.Tranche(
            id=ident,
            item_type=pledge.item_type.name,
            quantity=quantity,
            available=available,
            transit=transit,
            hub=hub.name if hub else None,
            **common,
        )

    def _funds(self, pledge: Pledge, common: dict[str, Any]) -> eng.FundsOffer | None:
        value = (
            pledge.value_eur
            if pledge.value_eur is not None
            else (pledge.amount if pledge.currency == "EUR" else None)
        )
        if not value or value <= 0:
            self.left_out["funds_without_eur_value"].append(f"pledge {pledge.pk}")
            return None
        available = self.month(pledge.announced_on)
        ident = f"f{pledge.pk}"
        if available >= self.horizon:
            self.left_out["beyond_horizon"].append(ident)
            return None
        channel = (
            "PURL"
            if pledge.recipient.code == "PURL" or "PURL" in pledge.mechanism.upper()
            else (pledge.mechanism or "national")
        )
        self.out.pledges[ident] = pledge
        return eng.FundsOffer(
            id=ident,
            amount_eur=float(value),
            available=available,
            channel=channel,
            lead_time=int(self.raw.get("funds_lead_time", FUNDS_LEAD_TIME)),
            **common,
        )

    def build(self) -> BuiltInstance:
        requirements = self.requirements()
        tranches, funds = self.offers()
        fleet = set(
            pledge_visible(user=self.user)
            .filter(
                Q(status=PledgeStatus.DELIVERED) | Q(delivered_quantity__gt=0),
                item_type_id__isnull=False,
            )
            .values_list("item_type_id", flat=True)
            .distinct()
        )
        used = {name for r in requirements for name in r.satisfied_by} | {
            t.item_type for t in tranches
        }
        if funds:
            used |= {it.name for it in self.types.values() if it.unit_value_eur}
        item_types = sorted(
            (it for it in self.types.values() if it.name in used), key=lambda i: i.name
        )
        self.out.item_types = {it.name: it for it in item_types}
        hubs_used = {t.hub for t in tranches if t.hub}
        self.out.instance = eng.Instance(
            parameters=self.params,
            item_types=tuple(_item_type(it, fleet) for it in item_types),
            requirements=tuple(requirements),
            tranches=tuple(tranches),
            funds=tuple(funds),
            hubs=tuple(
                eng.Hub(id=name, capacity_t=float(h.capacity_t_month or 0))
                for name, h in sorted(self.out.hubs.items())
                if name in hubs_used
            ),
            meta={"source": "nsatu database", "built_at": self.now.isoformat(timespec="seconds")},
        )
        self.out.summary = {
            "requirements": len(requirements),
            "tranches": len(tranches),
            "funds": len(funds),
            "item_types": len(item_types),
            "hubs": len(self.out.instance.hubs),
            "left_out": {k: sorted(v) for k, v in sorted(self.left_out.items())},
        }
        return self.out


def allocation_instance_build(
    *, user: Reader, parameters: dict[str, Any], now: dt.datetime | None = None
) -> BuiltInstance:
    """The instance a run solves, read with `user`'s visibility (the coordinator who started it)."""
    return _Builder(user=user, parameters=parameters, now=now or timezone.now()).build()
