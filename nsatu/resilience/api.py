"""Fleet register, fragmentation, concentration, duplicates and resilience scenarios (saved or computed)."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    InputSchema,
    actor,
)
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.engine.interop.concentration import Concentration
from nsatu.engine.interop.fleet import Record
from nsatu.engine.interop.scenario import Comparison, Delta, Rule, ScenarioError
from nsatu.resilience.horizon import DEFAULT_HORIZON_MONTHS, horizon_for
from nsatu.resilience.models import MAX_HORIZON_MONTHS, CapUnit, RuleKind, Scenario
from nsatu.resilience.scenarios import scenario_compared_get, scenario_list
from nsatu.resilience.selectors import (
    concentration_get,
    duplicate_list,
    fleet_register_get,
    fragmentation_list,
    scenario_compare,
)
from nsatu.resilience.services import scenario_create, scenario_delete

router = Router(tags=["resilience"])


class FleetRowOut(Schema):
    capability_area: str
    item_type: str
    ammunition_families: list[str]
    donor: str
    quantity: int
    counted_from: list[str]
    sources: list[str]
    also_reported: list[str]


class FragmentationOut(Schema):
    group: str
    units: int
    types: int
    effective_types: float
    hhi: float
    ammunition_families: list[str]
    maintenance_families: list[str]
    burden: int
    type_units: dict[str, int]


class FragmentationFilters(Schema):
    grouping: Literal["area", "calibre"] = "area"


class HorizonQuery(Schema):
    as_of: dt.date | None = None
    horizon_months: int = Field(DEFAULT_HORIZON_MONTHS, ge=1, le=MAX_HORIZON_MONTHS)


class ConcentrationRow(Schema):
    key: str
    label: str
    unit_kind: str = Field(description="items, rounds or funds: an area has one row per unit kind")
    units: DecimalStr
    shares: dict[str, float]
    hhi: float
    single_donor: bool


class ConcentrationOut(Schema):
    areas: list[ConcentrationRow]
    requirements: list[ConcentrationRow]


class DuplicateRecord(Schema):
    pledge_id: int
    dataset: str
    row: int | None
    status: str


class DuplicateOut(Schema):
    donor: str
    item_type_id: int
    quantity: int
    keep: DuplicateRecord
    merge: list[DuplicateRecord]


class RuleIn(InputSchema):
    donor: str = Field(description="Party code, e.g. USA")
    kind: RuleKind
    start: dt.date | None = Field(None, description="withdraw: the date it takes effect")
    months: int | None = Field(None, ge=1, le=120, description="delay: months")
    amount: Decimal | None = Field(
        None, ge=0, max_digits=18, decimal_places=2, description="cap: the amount"
    )
    unit: CapUnit = CapUnit.EUR

    def rule(self) -> Rule:
        return Rule(
            self.donor,
            self.kind,
            start=self.start,
            months=self.months or 0,
            amount=self.amount,
            unit=self.unit,
        )


class CompareIn(InputSchema):
    rules: list[RuleIn] = Field(min_length=1, max_length=20)
    as_of: dt.date | None = None
    horizon_months: int = Field(DEFAULT_HORIZON_MONTHS, ge=1, le=MAX_HORIZON_MONTHS)


class DeltaOut(Schema):
    key: str
    label: str
    unit_kind: str = Field(description="items, rounds or funds: an area has one row per unit kind")
    quantity: DecimalStr
    baseline: DecimalStr
    scenario: DecimalStr
    change: DecimalStr
    baseline_share: DecimalStr
    scenario_share: DecimalStr


class EffectOut(Schema):
    rule: str
    lines: int
    # Per unit kind ("items", "rounds"): rounds are never added to items.
    stopped: dict[str, DecimalStr]
    delayed: dict[str, DecimalStr]
    eur_stopped: DecimalStr
    unvalued: dict[str, DecimalStr]


class ComparisonOut(Schema):
    as_of: dt.date
    horizon: dt.date
    effects: list[EffectOut]
    by_area: list[DeltaOut]
    by_requirement: list[DeltaOut]


class ScenarioIn(CompareIn):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    releasability: Releasability = Releasability.COMMAND


class RuleOut(Schema):
    donor: str
    kind: str
    start: dt.date | None
    months: int | None
    amount: DecimalStr | None
    unit: str


class ScenarioOut(Schema):
    id: int
    name: str
    description: str
    horizon_months: int
    as_of: dt.date | None
    owner: str | None
    releasability: str
    rules: list[RuleOut]


class ScenarioDetailOut(ScenarioOut):
    comparison: ComparisonOut


def _scenario(s: Scenario) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name,
        "description": s.description,
        "horizon_months": s.horizon_months,
        "as_of": s.as_of,
        "owner": s.owner.code if s.owner else None,
        "releasability": s.releasability,
        "rules": [
            {
                "donor": r.donor.code,
                "kind": r.kind,
                "start": r.start,
                "months": r.months,
                "amount": r.amount,
                "unit": r.unit,
            }
            for r in s.rules.all()
        ],
    }


def _comparison(c: Comparison) -> dict[str, Any]:
    def delta(d: Delta) -> dict[str, Any]:
        return {
            "key": d.key,
            "label": d.label,
            "unit_kind": d.unit_kind,
            "quantity": d.quantity,
            "baseline": d.base,
            "scenario": d.scenario,
            "change": d.change,
            "baseline_share": d.base_mean,
            "scenario_share": d.scenario_mean,
        }

    return {
        "as_of": c.as_of,
        "horizon": c.horizon,
        "effects": [
            {
                "rule": e.rule.describe(),
                "lines": e.lines,
                "stopped": dict(e.stopped),
                "delayed": dict(e.delayed),
                "eur_stopped": e.eur_stopped,
                "unvalued": dict(e.unvalued),
            }
            for e in c.effects
        ],
        "by_area": [delta(d) for d in c.by_area],
        "by_requirement": [delta(d) for d in c.by_requirement],
    }


def _refused(exc: ScenarioError) -> ValidationError:
    return ValidationError({exc.where: [exc.message]})


@router.get(
    "/fleet", response={200: list[FleetRowOut], **LIST_ERRORS}, summary="The fleet register"
)
def fleet(request: HttpRequest) -> Any:
    view = fleet_register_get(user=actor(request))
    return [
        {
            "capability_area": r.item.capability_area,
            "item_type": r.item.name,
            "ammunition_families": list(r.item.families),
            "donor": r.entry.donor,
            "quantity": r.entry.quantity,
            "counted_from": list(r.entry.counted_from),
            "sources": r.counted,
            "also_reported": r.also,
        }
        for r in view.rows
    ]


@router.get(
    "/fragmentation",
    response={200: list[FragmentationOut], **LIST_ERRORS},
    summary="Types, effective types, ammunition and maintenance families, burden",
)
def fragmentation(request: HttpRequest, filters: Query[FragmentationFilters]) -> Any:
    return [
        {
            "group": f.group,
            "units": f.units,
            "types": f.type_count,
            "effective_types": f.effective_types,
            "hhi": f.hhi,
            "ammunition_families": list(f.ammunition_families),
            "maintenance_families": list(f.maintenance_families),
            "burden": f.burden,
            "type_units": {name: q for _i, name, q in f.types},
        }
        for f in fragmentation_list(user=actor(request), grouping=filters.grouping)
    ]


@router.get(
    "/concentration",
    response={200: ConcentrationOut, **LIST_ERRORS},
    summary="Donor shares and HHI of coverage, per capability area and requirement",
)
def concentration(request: HttpRequest, query: Query[HorizonQuery]) -> Any:
    view = concentration_get(
        user=actor(request), horizon=horizon_for(as_of=query.as_of, months=query.horizon_months)
    )

    def row(k: Concentration) -> dict[str, Any]:
        return {
            "key": k.key,
            "label": k.label,
            "unit_kind": k.unit_kind,
            "units": k.units,
            "shares": dict(k.shares),
            "hhi": k.hhi,
            "single_donor": k.single_donor,
        }

    return {
        "areas": [row(k) for k in view.areas],
        "requirements": [row(k) for k in view.requirements],
    }


@router.get(
    "/duplicates",
    response={200: list[DuplicateOut], **LIST_ERRORS},
    summary="Pledges recorded more than once, with the record to keep",
)
def duplicate_groups(request: HttpRequest) -> Any:
    user = actor(request)

    def rec(r: Record) -> dict[str, Any]:
        return {"pledge_id": r.pledge_id, "dataset": r.dataset, "row": r.row, "status": r.status}

    return [
        {
            "donor": g.donor,
            "item_type_id": g.item_id,
            "quantity": g.quantity,
            "keep": rec(g.keep),
            "merge": [rec(r) for r in g.merged_sources],
        }
        for g in duplicate_list(user=user)
    ]


@router.post(
    "/compare",
    response={200: ComparisonOut, **WRITE_ERRORS},
    summary="Coverage under a scenario beside the baseline (nothing is saved)",
)
def compare(request: HttpRequest, payload: CompareIn) -> Any:
    horizon = horizon_for(as_of=payload.as_of, months=payload.horizon_months)
    try:
        found = scenario_compare(
            user=actor(request), rules=[r.rule() for r in payload.rules], horizon=horizon
        )
    except ScenarioError as exc:
        raise _refused(exc) from exc
    return _comparison(found)


@router.get(
    "/scenarios", response={200: list[ScenarioOut], **LIST_ERRORS}, summary="Saved scenarios"
)
def scenarios(request: HttpRequest) -> Any:
    return [_scenario(s) for s in scenario_list(user=actor(request))]


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioDetailOut, **READ_ERRORS},
    summary="A saved scenario with its comparison",
)
def scenario_detail(request: HttpRequest, scenario_id: int) -> Any:
    try:
        found = scenario_compared_get(user=actor(request), pk=scenario_id)
    except ScenarioError as exc:
        raise _refused(exc) from exc
    return _scenario(found.scenario) | {"comparison": _comparison(found.comparison)}


@router.post("/scenarios", response={201: ScenarioOut, **WRITE_ERRORS}, summary="Save a scenario")
def scenario_save(request: HttpRequest, payload: ScenarioIn) -> Any:
    saved = scenario_create(
        actor=actor(request),
        name=payload.name,
        description=payload.description,
        releasability=payload.releasability,
        rules=[r.rule() for r in payload.rules],
        horizon_months=payload.horizon_months,
        as_of=payload.as_of,
    )
    return Status(201, _scenario(saved))


@router.delete(
    "/scenarios/{scenario_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a saved scenario",
)
def scenario_remove(request: HttpRequest, scenario_id: int) -> Any:
    scenario_delete(actor=actor(request), scenario_id=scenario_id)
    return Status(204, None)
