"""Scenarios over the one coverage, on a case small enough to follow by hand.

Requirements (as of 2026-01-01, horizon 2026-12-31):
    R1 priority 1, artillery, 10 items, served by A then its substitute B
    R2 priority 2, artillery, 10 items, served by A only
    R3 priority 1, air defence, 5 items, served by P
Aid (one parcel per line; a parcel's units at each stage, announced .. in service):
    L1 USA 4 A in service; L2 DEU 5 A committed, arriving Feb (300 EUR each); L3 USA 6 A committed, arriving
    Mar 1 (300 EUR each); L4 POL 3 B committed, arriving Jun; L5 NOR 5 P committed, arriving mid-Jan; L6 DEU 2
    P announced only, arriving Feb (no known value).
Baseline: R1 takes the 4 in service, then committed units by line: DEU 5 and USA 1; R3 takes NOR's 5; R2 the
other 5 USA; POL's 3 B stay unused. Artillery 15 of 20.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.coverage import Need, Parcel, Stages, coverage_compute
from nsatu.engine.interop.concentration import by_area, by_requirement, single_donor
from nsatu.engine.interop.consolidation import over_covered
from nsatu.engine.interop.scenario import (
    MixedUnitKinds,
    Rule,
    ScenarioError,
    apply_rules,
    compare,
    donors_of,
    split_delivered,
    unit_values,
)
from nsatu.engine.ledger import AidLine
from nsatu.engine.units import add_months
from tests.engine.interop.conftest import A, B, P

D = Decimal
AS_OF = dt.date(2026, 1, 1)
HORIZON = dt.date(2026, 12, 31)


def _need(pk: int, ref: str, area: str, quantity: int, priority: int, eligible) -> Need:
    return Need(pk, ref, f"Requirement {ref}", area, "items", D(quantity), priority, None, eligible)


def _firm(n: int) -> Stages:
    return Stages(D(n), D(n))


NEEDS = [
    _need(1, "R1", "artillery", 10, 1, (A, B)),
    _need(2, "R2", "artillery", 10, 2, (A,)),
    _need(3, "R3", "air_defence", 5, 1, (P,)),
]
PARCELS = [
    Parcel("L1", "USA", A, None, Stages(*[D(4)] * 6)),
    Parcel("L2", "DEU", A, None, _firm(5), arrives=dt.date(2026, 2, 1)),
    Parcel("L3", "USA", A, None, _firm(6), arrives=dt.date(2026, 3, 1)),
    Parcel("L4", "POL", B, None, _firm(3), arrives=dt.date(2026, 6, 1)),
    Parcel("L5", "NOR", P, None, _firm(5), arrives=dt.date(2026, 1, 15)),
    Parcel("L6", "DEU", P, None, Stages(D(2)), arrives=dt.date(2026, 2, 1)),
]
VALUES = {"L2": D(300), "L3": D(300)}


def _run(*rules: Rule):
    return compare(NEEDS, PARCELS, list(rules), as_of=AS_OF, horizon=HORIZON, values=VALUES)


def _committed(result) -> dict[str, Decimal]:
    return {c.need.reference: c.stages.committed for c in result.requirements}


def test_the_baseline_is_the_one_coverage_by_hand():
    c = _run()
    assert c.baseline == coverage_compute(NEEDS, PARCELS, horizon=HORIZON)
    assert _committed(c.baseline) == {"R1": 10, "R3": 5, "R2": 5}
    assert dict(donors_of(c.baseline.of(1))) == {"USA": 5, "DEU": 5}
    assert c.baseline.of(1).stages.in_service == 4
    assert {(d.key, d.unit_kind): (d.quantity, d.base) for d in c.by_area} == {
        ("air_defence", "items"): (5, 5),
        ("artillery", "items"): (20, 15),
    }
    assert c.scenario == c.baseline and not c.effects


def test_united_states_withdraws_from_the_first_of_the_year():
    c = _run(Rule("USA", "withdraw", start=AS_OF))
    # Pool A is USA's 4 in service + DEU 5: R1 takes 9 of A and 1 of POL's B; nothing is left for R2.
    assert _committed(c.scenario) == {"R1": 10, "R3": 5, "R2": 0}
    assert {d.key: (d.base, d.scenario, d.change) for d in c.by_area} == {
        "air_defence": (5, 5, 0),
        "artillery": (15, 10, -5),
    }
    assert {d.key: d.change for d in c.by_requirement} == {"R1": 0, "R3": 0, "R2": -5}
    [effect] = c.effects
    assert (effect.lines, effect.units_stopped, effect.eur_stopped) == (1, 6, 1800)
    assert c.by_area[1].share_change == D("-0.25")
    # Requirement shares: R1 1 and R2 1/2 before, 1 and 0 after: the area's mean falls from 3/4 to 1/2.
    assert (c.by_area[1].base_mean, c.by_area[1].scenario_mean) == (D("0.75"), D("0.5"))


def test_withdrawal_stops_arrivals_on_or_after_its_date_only():
    assert _committed(_run(Rule("USA", "withdraw", start=dt.date(2026, 3, 1))).scenario)["R2"] == 0
    assert _committed(_run(Rule("USA", "withdraw", start=dt.date(2026, 3, 2))).scenario)["R2"] == 5


def test_delay_past_the_horizon_loses_coverage_a_short_one_does_not():
    late = _run(Rule("USA", "delay", months=10))  # March + 10 months = January 2027
    assert _committed(late.scenario)["R2"] == 0 and late.scenario.beyond == 6
    assert late.effects[0].units_delayed == 6
    short = _run(Rule("USA", "delay", months=2))
    assert _committed(short.scenario) == _committed(short.baseline)


def test_cap_in_units_cuts_the_part_that_crosses_it():
    c = _run(Rule("USA", "cap", amount=D(3), unit="units"))
    # USA keeps 3 of its 6 open: pool A = USA 4 in service, DEU 5, USA 3 -> R1 10, R2 2.
    assert _committed(c.scenario) == {"R1": 10, "R3": 5, "R2": 2}
    assert c.effects[0].units_stopped == 3


def test_cap_in_euros_values_units_and_keeps_unvalued_ones():
    c = _run(Rule("DEU", "cap", amount=D(1000)))
    # 1000 EUR buys 3 units at 300 EUR: DEU's 5 A become 3; its 2 announced P have no value and are kept.
    effect = c.effects[0]
    assert (effect.units_stopped, effect.eur_stopped, effect.unvalued_units) == (2, 600, 2)
    assert _committed(c.scenario) == {"R1": 10, "R3": 5, "R2": 3}


def test_a_cut_keeps_the_most_advanced_units():
    parcel = Parcel("L9", "USA", A, None, Stages(D(6), D(6), D(4), D(2)))
    [kept], [effect] = apply_rules(
        [parcel], [Rule("USA", "cap", amount=D(3), unit="units")], as_of=AS_OF
    )
    assert kept.stages == Stages(D(3), D(3), D(3), D(2)) and effect.units_stopped == 3


def test_several_donors_at_once():
    c = _run(Rule("USA", "withdraw", start=AS_OF), Rule("DEU", "delay", months=11))
    # Pool A holds only USA's 4 in service: R1 takes them and POL's 3 B; R2 gets nothing.
    assert _committed(c.scenario) == {"R1": 7, "R3": 5, "R2": 0}
    assert c.by_area[1].scenario == 7 and c.by_area[1].change == -8
    assert [e.rule.donor for e in c.effects] == ["USA", "DEU"]


def test_delivered_units_are_never_taken_back():
    partly = Parcel("L7", "USA", A, None, Stages(D(10), D(8), D(6), D(5), D(3), D(2)))
    delivered, still_open = split_delivered(partly)
    assert delivered is not None and still_open is not None
    assert delivered.stages == Stages(D(3), D(3), D(3), D(3), D(3), D(2))
    assert still_open.stages == Stages(D(7), D(5), D(3), D(2))
    assert delivered.stages + still_open.stages == partly.stages
    changed, _effects = apply_rules(
        [*PARCELS, partly], [Rule("USA", "withdraw", start=dt.date(2020, 1, 1))], as_of=AS_OF
    )
    assert [(p.line_id, p.stages.delivered) for p in changed if p.donor == "USA"] == [
        ("L1", 4),
        ("L7", 3),
    ]


def test_announced_aid_fills_remaining_gaps_apart_from_committed():
    needs = [_need(3, "R3", "air_defence", 8, 1, (P,))]
    r3 = coverage_compute(needs, PARCELS, horizon=HORIZON).of(3)
    assert (r3.stages.committed, r3.stages.announced, r3.gap) == (5, 7, 3)


def test_earmarked_aid_serves_its_requirement_and_shows_over_coverage():
    parcels = [
        *PARCELS,
        Parcel("L8", "NOR", A, 2, Stages(D(12), D(12), D(12)), arrives=dt.date(2026, 4, 1)),
    ]
    c = compare(NEEDS, parcels, [], as_of=AS_OF, horizon=HORIZON)
    r2 = c.baseline.of(2)
    assert (r2.stages.committed, c.by_requirement[2].base, r2.over) == (12, 10, 2)
    assert [o.need.reference for o in over_covered(c.baseline)] == ["R2"]
    # R2 is met by its earmark, so USA's 5 A left after R1 stay unused (and DEU's 2 P, only announced).
    assert {item: (s.committed, s.announced) for item, s in c.baseline.unused} == {
        A: (5, 5),
        B: (3, 3),
        P: (0, 2),
    }


def test_concentration_by_hand():
    result = coverage_compute(NEEDS, PARCELS, horizon=HORIZON)
    req = {c.key: c for c in by_requirement(result)}
    assert req["R1"].hhi == pytest.approx(0.5) and req["R1"].donors == 2 and not req["R1"].dominant
    assert req["R2"].single_donor and req["R2"].hhi == 1.0
    area = {(c.key, c.unit_kind): c for c in by_area(result)}
    # artillery: USA 10, DEU 5 -> shares 2/3, 1/3 -> HHI 4/9 + 1/9
    artillery = area[("artillery", "items")]
    assert [d for d, _s in artillery.shares] == ["USA", "DEU"]
    assert dict(artillery.shares) == pytest.approx({"USA": 2 / 3, "DEU": 1 / 3})
    assert artillery.hhi == pytest.approx(5 / 9) and artillery.dominant
    assert [c.key for c in single_donor(result)] == ["R3", "R2"]


def test_areas_of_two_unit_kinds_stay_apart():
    needs = [*NEEDS, Need(4, "R4", "Shells", "artillery", "rounds", D(1000), 1, None, (B,))]
    c = compare(
        needs, PARCELS, [Rule("POL", "withdraw", start=AS_OF)], as_of=AS_OF, horizon=HORIZON
    )
    rows = {(d.key, d.unit_kind): (d.quantity, d.base, d.scenario) for d in c.by_area}
    # R4 (rounds, priority 1) takes POL's 3 B before R1 could: the rounds stay in their own row.
    assert rows[("artillery", "rounds")] == (1000, 3, 0)
    assert rows[("artillery", "items")] == (20, 15, 15)


def test_unit_values_per_line_then_per_type():
    def line(pk: str, item: int | None, committed: int, value: str | None, kind="in_kind"):
        return AidLine(
            pk, "USA", "UKR", kind, item, (), (), committed, committed, 0,
            D(value) if value else None, (), (), False,
        )  # fmt: skip

    values = unit_values(
        [line("L1", A, 4, "1200"), line("L2", B, 3, None), line("L3", P, 2, None), line("F", None, 1, "9", "funds")],
        {B: D(500)},
    )  # fmt: skip
    assert values == {"L1": D(300), "L2": D(500), "L3": None, "F": D(1)}


@pytest.mark.parametrize(
    ("rules", "where"),
    [
        ([Rule("USA", "withdraw")], "rules[0].start"),
        ([Rule("USA", "delay", months=0)], "rules[0].months"),
        ([Rule("USA", "cap", amount=D(-1))], "rules[0].amount"),
        ([Rule("USA", "cap", amount=D(1), unit="GBP")], "rules[0].unit"),
        ([Rule("USA", "stop")], "rules[0].kind"),
        ([Rule("", "delay", months=1)], "rules[0].donor"),
        ([Rule("USA", "delay", months=1), Rule("USA", "delay", months=2)], "rules[1]"),
        ([Rule("USA", "delay", months=1), Rule("XYZ", "delay", months=1)], "rules[1].donor"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(rules, where):
    with pytest.raises(ScenarioError) as exc:
        apply_rules(PARCELS, rules, as_of=AS_OF, donors={"USA", "DEU", "POL", "NOR"})
    assert exc.value.where == where


def test_horizon_before_as_of_is_refused():
    with pytest.raises(ScenarioError, match="horizon"):
        compare(NEEDS, PARCELS, [], as_of=AS_OF, horizon=dt.date(2025, 12, 31))


def test_add_months_clamps_the_day():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_an_in_kind_parcel_without_an_item_type_is_never_counted_as_euros():
    untyped = Parcel("L7", "DEU", None, None, _firm(4), arrives=dt.date(2026, 2, 1))
    money = Parcel("F1", "DEU", None, None, _firm(500), arrives=dt.date(2026, 2, 1), kind="funds")
    _, [effect] = apply_rules([untyped, money], [Rule("DEU", "cap", amount=D(100))], as_of=AS_OF)
    # the 4 untyped units have no value (kept, reported); the 500 EUR of funds stop at 100
    assert effect.unvalued == (("", D(4)),) and effect.eur_stopped == 400
    assert effect.stopped == ()
    _, [gone] = apply_rules([untyped, money], [Rule("DEU", "withdraw", start=AS_OF)], as_of=AS_OF)
    assert gone.stopped == (("", D(4)),) and gone.eur_stopped == 500


def test_a_units_cap_holds_per_unit_kind_and_effects_never_add_rounds_to_items():
    guns = Parcel("G", "USA", A, None, _firm(4), arrives=dt.date(2026, 2, 1), unit_kind="items")
    shells = Parcel("S", "USA", B, None, _firm(10), arrives=dt.date(2026, 2, 1), unit_kind="rounds")
    kept, [effect] = apply_rules(
        [guns, shells], [Rule("USA", "cap", amount=D(3), unit="units")], as_of=AS_OF
    )
    assert {p.line_id: p.stages.committed for p in kept} == {"G": 3, "S": 3}
    assert effect.stopped == (("items", D(1)), ("rounds", D(7)))
    with pytest.raises(MixedUnitKinds, match="items, rounds"):
        _ = effect.units_stopped  # no single figure that would add rounds to items
    _, [late] = apply_rules([guns, shells], [Rule("USA", "delay", months=1)], as_of=AS_OF)
    assert late.delayed == (("items", D(4)), ("rounds", D(10)))


def test_a_units_cap_leaves_money_alone():
    money = Parcel("F1", "USA", None, None, _firm(500), kind="funds")
    kept, [effect] = apply_rules(
        [money], [Rule("USA", "cap", amount=D(1), unit="units")], as_of=AS_OF
    )
    assert kept[0].stages.committed == 500 and effect.stopped == ()
