"""Parts solved apart: the same objective as the whole model (and the naive one), a plan that keeps every
rule, and a plan that survives its JSON form (a queue task's result)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from nsatu.engine.allocation import (
    FundsOffer,
    Hub,
    Instance,
    ItemType,
    Parameters,
    Requirement,
    Tranche,
    plan_to_dict,
    solve,
)
from nsatu.engine.allocation.parts import merge, partition, plan_from_dict, solve_parts, type_groups
from tests.engine.allocation.instances import check_plan, instances
from tests.engine.allocation.naive import naive_objective

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _roomy(inst: Instance) -> Instance:
    """Hubs that never bind more often than not, so that instances split."""
    return replace(inst, hubs=tuple(replace(h, capacity_t=h.capacity_t * 1000) for h in inst.hubs))


@pytest.fixture
def two_areas() -> Instance:
    """Tanks and shells: no offer, hub or fund serves both."""
    return Instance(
        parameters=Parameters(horizon=6, mip_rel_gap=0.0),
        item_types=(
            ItemType("TANK", capability_area="armour", unit_mass_t=60.0, unit_price_eur=5e6),
            ItemType("SHELL", capability_area="artillery", unit_mass_t=0.05, unit_price_eur=4e3),
        ),
        requirements=(
            Requirement("R-TANK", quantity=30, priority=1, needed_by=2, satisfied_by=("TANK",)),
            Requirement("R-SHELL", quantity=900, priority=2, needed_by=3, satisfied_by=("SHELL",)),
        ),
        tranches=(
            Tranche("T-1", donor="DEU", item_type="TANK", quantity=12, available=1, hub="RZE"),
            Tranche("T-2", donor="POL", item_type="SHELL", quantity=500, available=0, hub="CTA"),
        ),
        funds=(FundsOffer("F-1", donor="NOR", amount_eur=2e6, available=0, item_types=("SHELL",)),),
        hubs=(Hub("RZE", capacity_t=300.0), Hub("CTA", capacity_t=10.0)),
    )


@SETTINGS
@given(instances())
def test_parts_give_the_whole_models_objective(inst: Instance) -> None:
    for candidate in (inst, _roomy(inst)):
        whole = solve(candidate)
        split = solve_parts(candidate, bins=3)
        assert split.stats.status == "optimal"
        assert whole.stats.objective is not None and split.stats.objective is not None
        expected = naive_objective(candidate)
        assert abs(split.stats.objective - expected) <= 1e-6 * max(1.0, abs(expected))
        check_plan(candidate, split)
        assert {s.requirement_id for s in split.shortfalls} == {
            s.requirement_id for s in whole.shortfalls
        }


@SETTINGS
@given(instances())
def test_every_entry_lands_in_one_part_or_serves_nothing(inst: Instance) -> None:
    parts = partition(_roomy(inst), bins=4)
    ids = [r.id for p in parts for r in p.requirements]
    assert sorted(ids) == sorted(r.id for r in inst.requirements)
    tranches = [t.id for p in parts for t in p.tranches]
    assert len(tranches) == len(set(tranches))
    groups = type_groups(_roomy(inst))
    assert sorted(t for g in groups for t in g) == sorted(t.id for t in inst.item_types)


def test_an_instance_of_independent_parts_splits_and_its_plan_round_trips(
    two_areas: Instance,
) -> None:
    parts = partition(two_areas, bins=2)
    assert len(parts) == 2
    plans = [solve(p) for p in parts]
    merged = merge(two_areas, [plan_from_dict(plan_to_dict(p)) for p in plans])
    whole = solve(two_areas)
    assert merged.stats.objective == solve_parts(two_areas, bins=2, workers=2).stats.objective
    assert abs((merged.stats.objective or 0) - (whole.stats.objective or 0)) <= 1e-9
    assert merged.weighted_coverage == whole.weighted_coverage
    assert merged.extra["parts"] == 2
    assert plan_from_dict(plan_to_dict(merged)) == merged
