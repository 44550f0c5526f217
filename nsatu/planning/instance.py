"""The allocation instance read from the database, through the visibility selectors of each model.

Rules (docs/allocation-model.md documents the model itself):
- requirements, listed in the order they came in (the status quo fills "the first open one" in that
  order; priorities count only in the optimal plan): the published ones the user sees, read through the
  one coverage (nsatu.coverage: `requirement_coverage_get`, counted from the run's start over its
  horizon). What serves a requirement is the coverage's own list: its item type and the visible
  substitutes, or every visible item type that provides its ammunition family. Its need over the horizon
  is the coverage's (a rate per day / month / year becomes a quantity through engine.units), rounded up;
  what it has *before* the plan is the coverage's `allocated` stage (earmarked, accepted in a plan,
  shipped, delivered); the plan is asked for the rest. Left out, and listed with the reason: a requirement
  for funds (a plan allocates items and rounds), one nothing in the catalogue serves, one already
  allocated in full. Needed-by is the month of the stated date counted from the run's start; a date
  before the start means "needed now" (month 0), no date or one past the horizon means the last month.
- offers: firm (committed or allocated) pledges not yet allocated, not from the historic registers
  (REGISTER_DATASETS). A pledge earmarked for a requirement is already in that requirement's `allocated`
  stage: it is not offered again (left out as "earmarked"). An in-kind pledge offers the undelivered part
  of each tranche (deliveries use up the earliest tranches first) plus one implicit tranche for what no
  tranche schedules, available from the announcement or the start. A funds pledge with a value in EUR is
  a funds offer; it buys item types at their unit value (ItemType.unit_value_eur; a type without one
  cannot be bought). Requirements a donor declined for a pledge in an earlier run are excluded for it.
- claims: a live claim lets only the claiming donor's offers serve the requirement.
- hubs: only those with a stated capacity (tonnes per month) take part, loaded with each item type's unit
  mass in tonnes (a type of unknown mass loads nothing); a tranche routed through another hub is
  unconstrained.
- fleet: an item type is in the fleet once a visible pledge of it was (partly) delivered.
- joint production: a visible agreed or producing project is a named producer of its item type, its funds
  pledges buy only from it; a funds pledge of a project that does not feed the plan is left out
  (nsatu/planning/producers.py states the rules).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.coverage.results import CoverageView
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.engine.allocation import instance as eng
from nsatu.engine.allocation.figures import RunNeed
from nsatu.engine.allocation.open_offers import offer_caps, open_line_units
from nsatu.engine.units import UnitKind, whole_units
from nsatu.logistics.hub_selectors import hub_list
from nsatu.logistics.models import Hub
from nsatu.needs.models import Requirement
from nsatu.planning.producers import Producers
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
    # Every requirement in scope, planned or left out, in the order they came in: the run's figures.
    needs: list[RunNeed] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def month_start(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[5:7]), 1)


def month_index(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def month_date(start: dt.date, index: int) -> dt.date:
    months = start.month - 1 + index
    return dt.date(start.year + months // 12, months % 12 + 1, 1)


def _floor(value: Decimal) -> int:
    return math.floor(value)


def _pledge_label(pledge: Pledge) -> str:
    return f"pledge {pledge.pk}"


def _parameters(raw: dict[str, Any]) -> eng.Parameters:
    names = {f for f in eng.Parameters.__dataclass_fields__}
    return eng.Parameters(**{k: v for k, v in raw.items() if k in names})


def _item_type(it: ItemType, in_fleet: set[int]) -> eng.ItemType:
    return eng.ItemType(
        id=it.name,
        name=it.name,
        capability_area=it.capability_area,
        unit_mass_t=float(it.unit_mass_t or 0),
        # Ammunition of a family the fleet already fires adds no type to operate or maintain.
        in_fleet=it.pk in in_fleet or it.provides_family_id is not None,
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
        self.left_out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.types: dict[int, ItemType] = {}
        self.view: CoverageView | None = None  # read once by requirements(), reused by offers()
        self.producers: Producers | None = None  # read by offers(), once the item types are known

    def month(self, day: dt.date | None) -> int:
        return 0 if day is None else max(month_index(self.start, day), 0)

    def leave_out(self, reason: str, kind: str, pk: int, label: str) -> None:
        """Record what the run does not plan, and why; the run's page and API list it for each reader as far
        as the reader may see the record (run_selectors.run_left_out)."""
        self.left_out[reason].append({"kind": kind, "id": pk, "label": label})

    def as_of(self) -> dt.date:
        """The day the coverage is counted from: today in the run's first month, else that month's first."""
        today = self.now.date()
        return (
            today
            if (today.year, today.month) == (self.start.year, self.start.month)
            else self.start
        )

    def requirements(self) -> list[eng.Requirement]:
        view = requirement_coverage_get(
            user=self.user, as_of=self.as_of(), horizon_months=self.horizon
        )
        self.view = view
        records = sorted(view.inputs.requirements.values(), key=lambda r: (r.created_at, r.pk))
        needs = {n.requirement_id: n for n in view.inputs.needs}
        eligible = {i for n in needs.values() for i in n.eligible}
        for it in item_type_visible(user=self.user).filter(pk__in=eligible).order_by("name"):
            self.types[it.pk] = it
        live = {c.requirement_id: c.donor.code for c in claims_live(user=self.user, now=self.now)}
        result = []
        for r in records:
            need = needs[r.pk]
            coverage = view.result.get(r.pk)
            allocated = coverage.stages.allocated if coverage is not None else Decimal(0)
            run_need = RunNeed(
                reference=r.reference,
                title=r.title,
                capability_area=r.capability_area,
                unit_kind=r.unit_kind,
                priority=r.priority,
                needed=whole_units(need.quantity),
                before=_floor(allocated),
            )
            satisfied = [self.types[i] for i in need.eligible if i in self.types]
            reason = (
                "funds_requirement"
                if r.unit_kind == UnitKind.FUNDS
                else "no_item_type"
                if not satisfied
                else "already_allocated"
                if run_need.open <= 0
                else ""
            )
            if reason:
                self.leave_out(reason, "requirement", r.pk, r.reference)
                self.out.needs.append(replace(run_need, left_out=reason))
                continue
            self.out.needs.append(run_need)
            needed_by = (
                self.horizon - 1
                if r.needed_by is None
                else min(self.month(r.needed_by), self.horizon - 1)
            )
            self.out.requirements[r.reference] = r
            result.append(
                eng.Requirement(
                    id=r.reference,
                    quantity=run_need.open,
                    priority=r.priority,
                    needed_by=needed_by,
                    satisfied_by=tuple(dict.fromkeys(i.name for i in satisfied)),
                    capability_area=r.capability_area,
                    claimed_by=live.get(r.pk),
                    title=r.title,
                )
            )
        return result

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
        in_scope = {n.reference for n in self.out.needs}
        caps = self._caps(pledges)
        self.producers = Producers(user=self.user, types=self.types)
        for pledge in pledges:
            if pledge.requirement_id:
                # Counted in its requirement's `allocated` stage already, or bound to one outside the plan.
                ref = pledge.requirement.reference if pledge.requirement else ""
                reason = "earmarked" if ref in in_scope else "earmarked_elsewhere"
                self.leave_out(reason, "pledge", pledge.pk, _pledge_label(pledge))
                continue
            excluded = tuple(
                sorted(r for r in declined.get(pledge.pk, ()) if r in self.out.requirements)
            )
            common = {
                "donor": pledge.donor.code,
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
                self.leave_out(
                    "no_item_type_or_quantity", "pledge", pledge.pk, _pledge_label(pledge)
                )
                continue
            cap = caps.get(pledge.pk)
            if cap == 0:
                self.leave_out("nothing_open", "pledge", pledge.pk, _pledge_label(pledge))
                continue
            assert pledge.item_type is not None
            self.types.setdefault(pledge.item_type_id, pledge.item_type)
            tranches.extend(self._tranches(pledge, common, hubs, cap=cap))
        return tranches, funds

    def _caps(self, pledges: list[Pledge]) -> dict[int, int]:
        """What each in-kind pledge may still offer once its aid line's allocated units are counted, so that
        one donation attested by several pledges is offered once (engine.allocation.open_offers)."""
        offered = {
            p.pk: p.quantity - (p.delivered_quantity or 0)
            for p in pledges
            if p.kind == PledgeKind.IN_KIND and p.quantity and not p.requirement_id
        }
        assert self.view is not None, "requirements() reads the coverage before offers()"
        inputs = self.view.inputs
        return offer_caps(inputs.ledger.lines, open_line_units(inputs.parcels), offered)

    def _tranches(
        self, pledge: Pledge, common: dict[str, Any], hubs: dict[int, Hub], *, cap: int | None
    ) -> list[eng.Tranche]:
        assert pledge.quantity is not None
        delivered_left = pledge.delivered_quantity or 0
        remaining = pledge.quantity - delivered_left
        if cap is not None:
            remaining = min(remaining, cap)
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
            self.leave_out("beyond_horizon", "pledge", pledge.pk, _pledge_label(pledge))
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
            self.leave_out("funds_without_eur_value", "pledge", pledge.pk, _pledge_label(pledge))
            return None
        available = self.month(pledge.announced_on)
        ident = f"f{pledge.pk}"
        if available >= self.horizon:
            self.leave_out("beyond_horizon", "pledge", pledge.pk, _pledge_label(pledge))
            return None
        channel = (
            "PURL"
            if pledge.recipient.code == "PURL" or "PURL" in pledge.mechanism.upper()
            else (pledge.mechanism or "national")
        )
        assert self.producers is not None
        if self.producers.binds(pledge.pk):
            self.leave_out("project_not_feeding", "pledge", pledge.pk, _pledge_label(pledge))
            return None
        self.out.pledges[ident] = pledge
        terms: dict[str, Any] = {"channel": channel}
        terms.update(self.producers.funds_terms(pledge.pk, ident))
        return eng.FundsOffer(
            id=ident,
            amount_eur=float(value),
            available=available,
            lead_time=int(self.raw.get("funds_lead_time", FUNDS_LEAD_TIME)),
            **terms,
            **common,
        )

    def build(self) -> BuiltInstance:
        requirements = self.requirements()
        tranches, funds = self.offers()
        producers = self.producers
        assert producers is not None
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
            capacities=tuple(producers.capacities(month=self.month, horizon=self.horizon)),
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
            "priced_item_types": sum(1 for it in item_types if it.unit_value_eur),
            "hubs": len(self.out.instance.hubs),
            "producers": dict(producers.offers),  # funds offer id -> joint project id
            "as_of": self.as_of().isoformat(),
            # Every record the run was computed over, so that a surface can tell whether its reader may
            # see them all (docs/architecture.md, "Derived results"); never shown as such.
            "inputs": {
                "requirements": sorted(
                    {r.pk for r in self.out.requirements.values()}
                    | {
                        e["id"]
                        for v in self.left_out.values()
                        for e in v
                        if e["kind"] == "requirement"
                    }
                ),
                "pledges": sorted(
                    {p.pk for p in self.out.pledges.values()}
                    | {e["id"] for v in self.left_out.values() for e in v if e["kind"] == "pledge"}
                ),
                "projects": producers.projects(),
            },
            "left_out": {
                k: sorted({(e["kind"], e["id"]): e for e in v}.values(), key=lambda e: e["label"])
                for k, v in sorted(self.left_out.items())
            },
        }
        return self.out


def allocation_instance_build(
    *, user: Reader, parameters: dict[str, Any], now: dt.datetime | None = None
) -> BuiltInstance:
    """The instance a run solves, read with `user`'s visibility (the coordinator who started it)."""
    return _Builder(user=user, parameters=parameters, now=now or timezone.now()).build()
