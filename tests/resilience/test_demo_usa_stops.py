"""The "United States stops" scenario on the demo data (all public datasets and the illustrative planning scenario),
as the coordinator sees it: the United States withdraws from today, so its undelivered aid stops counting.

The demo is rebuilt as the data grows, so the figures are checked against what they must equal rather than
against constants: the baseline is the one coverage every page shows; what stops is exactly the United States'
undelivered units arriving from today; delivered equipment stays; the areas move by what their requirements
move, per unit kind.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.demo.offers import demo_offers_build
from nsatu.exchange.services import dataset_import_all
from nsatu.resilience.horizon import horizon_for
from nsatu.resilience.presets import US_STOPS, preset_rules
from nsatu.resilience.scenarios import scenario_plan_compare
from nsatu.resilience.selectors import scenario_compare


@pytest.fixture
def demo(db, coordinator):
    dataset_import_all(actor=None, data_dir=Path(settings.DATA_DIR))
    demo_offers_build(actor=coordinator)
    return coordinator


def test_united_states_stops_on_the_demo_data(demo):
    horizon = horizon_for()
    c = scenario_compare(
        user=demo, rules=preset_rules(US_STOPS, as_of=horizon.as_of), horizon=horizon
    )
    view = requirement_coverage_get(user=demo, as_of=horizon.as_of, horizon_months=horizon.months)
    assert c.baseline == view.result

    # Independently: the United States' units still to come, on or after today (undated: today).
    still_to_come = sum(
        (
            p.stages.announced - p.stages.delivered
            for p in view.inputs.parcels
            if p.donor == "USA"
            and p.item_id is not None
            and (p.arrives is None or p.arrives >= horizon.as_of)
        ),
        Decimal(0),
    )
    [effect] = c.effects
    assert effect.units_stopped == still_to_come > 0

    # Delivered equipment stays: the delivered part of every requirement's coverage is the same in both.
    assert [r.stages.delivered for r in c.baseline.requirements] == [
        r.stages.delivered for r in c.scenario.requirements
    ]
    # Each area (per unit kind) moves by what its requirements move, capped at their need.
    moved: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for base, delta in zip(c.baseline.requirements, c.by_requirement, strict=True):
        moved[(base.need.capability_area, base.need.unit_kind)] += delta.change
    assert {(d.key, d.unit_kind): d.change for d in c.by_area} == dict(moved)
    # Taking aid away never adds coverage anywhere.
    assert all(d.scenario <= d.base for d in c.by_requirement)


def test_the_plan_recomputed_under_the_scenario_does_not_gain(demo):
    horizon = horizon_for()
    plan = scenario_plan_compare(
        user=demo, rules=preset_rules(US_STOPS, as_of=horizon.as_of), horizon=horizon
    )
    assert plan.status in ("optimal", "feasible")
    assert plan.scenario_weighted <= plan.base_weighted
