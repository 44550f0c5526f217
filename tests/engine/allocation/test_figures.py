"""A run's figures: every requirement in scope counted, left-out ones too; unit kinds never added together."""

from __future__ import annotations

from nsatu.engine.allocation.figures import RunNeed, run_figures
from nsatu.engine.allocation.result import Plan, PlanLine, SolveStats

STATS = SolveStats("optimal", 0.0, 0.0, 0.0, 0.0, 0, 0, 0)


def _plan(*served: tuple[str, int]) -> Plan:
    lines = tuple(
        PlanLine("tranche", f"t{n}", "DEU", ref, "x", qty, 0, None, 1.0, "")
        for n, (ref, qty) in enumerate(served)
    )
    return Plan(lines, (), STATS, 0.0, 0.0)


NEEDS = [
    RunNeed("UA-T-01", "tanks", "armour", "items", 1, needed=10, before=4),
    RunNeed("UA-A-01", "shells", "artillery", "rounds", 2, needed=1000, before=0),
    RunNeed("UA-H-01", "howitzers", "artillery", "items", 2, needed=6, before=0),
    RunNeed(
        "UA-X-01", "radars", "air_defence", "items", 1, needed=4, before=0, left_out="no_item_type"
    ),
    RunNeed(
        "UA-M-01",
        "fund",
        "air_defence",
        "funds",
        1,
        needed=5_000_000,
        before=0,
        left_out="funds_requirement",
    ),
    RunNeed(
        "UA-T-02",
        "old tanks",
        "armour",
        "items",
        3,
        needed=5,
        before=9,
        left_out="already_allocated",
    ),
]


def test_area_totals_are_per_unit_kind_and_count_what_was_left_out():
    figures = run_figures(NEEDS, _plan(("UA-T-01", 8), ("UA-A-01", 400)), _plan(("UA-H-01", 6)))
    areas = {(a.capability_area, a.unit_kind): a for a in figures.areas}
    assert sorted(areas) == [
        ("air_defence", "funds"),
        ("air_defence", "items"),
        ("armour", "items"),
        ("artillery", "items"),
        ("artillery", "rounds"),
    ]
    armour = areas[("armour", "items")]
    # Tanks: 4 before + 8 planned, capped at 10; the old requirement: 9 allocated, capped at its 5.
    assert (armour.requirements, armour.left_out, armour.needed) == (2, 1, 15)
    assert (armour.before, armour.baseline, armour.plan) == (9, 9, 15)
    assert (areas[("artillery", "rounds")].needed, areas[("artillery", "rounds")].plan) == (
        1000,
        400,
    )
    assert (areas[("artillery", "items")].baseline, areas[("artillery", "items")].plan) == (6, 0)
    assert (
        areas[("air_defence", "items")].left_out == 1 and areas[("air_defence", "items")].plan == 0
    )
    rows = {r.need.reference: r for r in figures.requirements}
    assert (rows["UA-T-01"].plan, rows["UA-T-02"].plan, rows["UA-X-01"].plan) == (10, 5, 0)


def test_the_weighted_coverage_counts_the_left_out_open_need_and_no_funds():
    figures = run_figures(NEEDS, _plan(("UA-T-01", 6), ("UA-X-01", 0)), _plan())
    # Shares of the open need: tanks 6 of 6 (w 16), shells 0 of 1000 (w 8), howitzers 0 of 6 (w 8),
    # radars 0 of 4 (w 16, left out); the fund and the fully allocated old tanks have no place in it.
    assert figures.plan_weighted_coverage == 16 / (16 + 8 + 8 + 16)
    assert figures.baseline_weighted_coverage == 0.0


def test_nothing_open_is_no_coverage_rather_than_a_division_by_zero():
    done = [RunNeed("UA-T-02", "old tanks", "armour", "items", 3, needed=5, before=5)]
    assert run_figures(done, _plan(), _plan()).plan_weighted_coverage == 0.0
