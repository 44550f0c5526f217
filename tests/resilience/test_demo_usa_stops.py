"""The "United States stops" scenario on the demo data (all public datasets and the illustrative planning scenario),
as the coordinator sees it: the United States withdraws from today, so its undelivered pledges stop counting.

Figures (also in docs/interoperability.md): 491 undelivered US units on 30 supply lines stop. Only UA-SR-01
(155mm howitzers, served by the PzH 2000 and its 155mm self-propelled substitutes) loses coverage: 773 -> 755 of
1,000, the 18 M109 the United States still had to deliver. Artillery falls from 1,088 to 1,070 units; the other
areas keep their coverage, which rests on equipment already delivered.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F, Sum

from nsatu.demo.offers import demo_offers_build
from nsatu.exchange.services import dataset_import_all
from nsatu.pledges.models import Pledge
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

    # Independently: what the United States still has to deliver outside the historic registers.
    open_units = (
        Pledge.objects.filter(
            donor__code="USA", kind="in_kind", status__in=["committed", "allocated"]
        )
        .exclude(dataset__key__in=["sipri", "oryx", "kiel-weapons"])
        .aggregate(n=Sum(F("quantity")))["n"]
    )
    [effect] = c.effects
    assert effect.units_stopped == open_units == 491 and effect.lines == 30

    assert {d.key: (d.base, d.scenario) for d in c.by_area if d.change} == {
        "artillery": (1088, 1070)
    }
    assert {d.key: (d.base, d.scenario) for d in c.by_requirement if d.change} == {
        "UA-SR-01": (773, 755)
    }
    assert sum((d.change for d in c.by_requirement), Decimal(0)) == c.total.change == -18
    # Delivered equipment stays: the fielded part of every requirement's coverage is the same in both.
    assert [r.delivered for r in c.baseline.requirements] == [
        r.delivered for r in c.scenario.requirements
    ]


def test_the_plan_recomputed_under_the_scenario_loses_the_same_howitzers(demo):
    horizon = horizon_for()
    plan = scenario_plan_compare(
        user=demo, rules=preset_rules(US_STOPS, as_of=horizon.as_of), horizon=horizon
    )
    assert plan.status == "optimal"
    changed = {r.requirement_id: (r.base, r.scenario) for r in plan.rows if r.change}
    assert list(changed) == ["UA-SR-01"] and changed["UA-SR-01"][0] - changed["UA-SR-01"][1] == 18
    assert plan.scenario_weighted < plan.base_weighted
