"""Scenario recomputation on a case small enough to follow by hand.

Requirements (as of 2026-01-01, horizon 2026-12-31):
    R1 priority 1, artillery, 10 units, served by A then its substitute B
    R2 priority 2, artillery, 10 units, served by A only
    R3 priority 1, air defence, 5 units, served by P
Supply:
    USA 4 A fielded; DEU 5 A arriving Feb; USA 6 A arriving Mar 1; POL 3 B arriving Jun;
    NOR 5 P arriving mid-Jan; DEU 2 P announced, arriving Feb.
Baseline: pool A in order USA 4 (fielded), DEU 5, USA 6. R1 takes 10 (USA 4, DEU 5, USA 1); R2 takes the
other 5 USA; R3 takes NOR's 5; POL's 3 B stay unused. Artillery 15 of 20.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.interop.concentration import by_area, by_requirement, single_donor
from nsatu.engine.interop.consolidation import over_covered
from nsatu.engine.interop.scenario import (
    Need,
    Rule,
    ScenarioError,
    Supply,
    add_months,
    apply_rules,
    compare,
    coverage,
)
from tests.engine.interop.conftest import A, B, P

D = Decimal
AS_OF = dt.date(2026, 1, 1)
HORIZON = dt.date(2026, 12, 31)
NEEDS = [
    Need(1, "R1", "artillery", D(10), 1, (A, B)),
    Need(2, "R2", "artillery", D(10), 2, (A,)),
    Need(3, "R3", "air_defence", D(5), 1, (P,)),
]
SUPPLY = [
    Supply("fleet-usa-a", "USA", A, D(4), delivered=True),
    Supply("t-usa-a", "USA", A, D(6), arrival=dt.date(2026, 3, 1), unit_value_eur=D(300)),
    Supply("t-deu-a", "DEU", A, D(5), arrival=dt.date(2026, 2, 1), unit_value_eur=D(300)),
    Supply("t-pol-b", "POL", B, D(3), arrival=dt.date(2026, 6, 1)),
    Supply("t-nor-p", "NOR", P, D(5), arrival=dt.date(2026, 1, 15)),
    Supply("t-deu-p", "DEU", P, D(2), arrival=dt.date(2026, 2, 1), firm=False),
]


def _run(*rules: Rule):
    return compare(NEEDS, SUPPLY, list(rules), as_of=AS_OF, horizon=HORIZON)


def _firm(result) -> dict[str, Decimal]:
    return {c.need.reference: c.firm for c in result.requirements}


def test_baseline_by_hand():
    result = coverage(NEEDS, SUPPLY, as_of=AS_OF, horizon=HORIZON)
    assert _firm(result) == {"R1": 10, "R3": 5, "R2": 5}
    r1 = result.of(1)
    assert dict(r1.by_donor) == {"USA": 5, "DEU": 5} and r1.delivered == 4
    assert result.of(2).by_donor == (("USA", D(5)),)
    assert result.of(3).announced == 0  # the gap is already closed by firm supply
    art = result.area("artillery")
    assert art is not None and (art.quantity, art.covered, art.share) == (20, 15, D("0.75"))
    assert result.unused == ((B, D(3)),)


def test_united_states_withdraws_from_the_first_of_the_year():
    c = _run(Rule("USA", "withdraw", start=AS_OF))
    # Pool A is USA 4 fielded + DEU 5: R1 takes 9 from A and 1 of POL's B; nothing is left for R2.
    assert _firm(c.scenario) == {"R1": 10, "R3": 5, "R2": 0}
    assert {d.key: (d.base, d.scenario, d.change) for d in c.by_area} == {
        "air_defence": (5, 5, 0),
        "artillery": (15, 10, -5),
    }
    assert {d.key: d.change for d in c.by_requirement} == {"R1": 0, "R3": 0, "R2": -5}
    [effect] = c.effects
    assert (effect.lines, effect.units_stopped, effect.eur_stopped) == (1, 6, 1800)
    assert c.total.change == -5 and c.by_area[1].share_change == D("-0.25")
    # Requirement shares: R1 1 and R2 1/2 before, 1 and 0 after: the area's mean falls from 3/4 to 1/2.
    assert (c.by_area[1].base_mean, c.by_area[1].scenario_mean) == (D("0.75"), D("0.5"))


def test_withdrawal_stops_arrivals_on_or_after_its_date_only():
    assert _firm(_run(Rule("USA", "withdraw", start=dt.date(2026, 3, 1))).scenario)["R2"] == 0
    assert _firm(_run(Rule("USA", "withdraw", start=dt.date(2026, 3, 2))).scenario)["R2"] == 5


def test_delay_past_the_horizon_loses_coverage_a_short_one_does_not():
    late = _run(Rule("USA", "delay", months=10))  # March + 10 months = January 2027
    assert _firm(late.scenario)["R2"] == 0 and late.scenario.beyond_horizon == 6
    assert late.effects[0].units_delayed == 6
    short = _run(Rule("USA", "delay", months=2))
    assert _firm(short.scenario) == _firm(short.baseline)


def test_cap_in_units_cuts_the_line_that_crosses_it():
    c = _run(Rule("USA", "cap", amount=D(3), unit="units"))
    # USA keeps 3 of its 6: pool A = USA 4, DEU 5, USA 3 -> R1 10, R2 2.
    assert _firm(c.scenario) == {"R1": 10, "R3": 5, "R2": 2}
    assert c.effects[0].units_stopped == 3


def test_cap_in_euros_values_units_and_keeps_unvalued_ones():
    c = _run(Rule("DEU", "cap", amount=D(1000)))
    # 1000 EUR buys 3 units at 300 EUR: DEU's 5 A become 3; its 2 announced P have no value and are kept.
    effect = c.effects[0]
    assert (effect.units_stopped, effect.eur_stopped, effect.unvalued_units) == (2, 600, 2)
    assert _firm(c.scenario) == {"R1": 10, "R3": 5, "R2": 3}


def test_several_donors_at_once():
    c = _run(Rule("USA", "withdraw", start=AS_OF), Rule("DEU", "delay", months=11))
    # Pool A holds only USA's 4 fielded: R1 takes them and POL's 3 B; R2 gets nothing.
    assert _firm(c.scenario) == {"R1": 7, "R3": 5, "R2": 0}
    assert c.by_area[1].scenario == 7 and c.total.change == -8
    assert [e.rule.donor for e in c.effects] == ["USA", "DEU"]


def test_delivered_units_are_never_taken_back():
    changed, _effects = apply_rules(
        SUPPLY, [Rule("USA", "withdraw", start=dt.date(2020, 1, 1))], as_of=AS_OF
    )
    assert [s.id for s in changed if s.donor == "USA"] == ["fleet-usa-a"]


def test_announced_supply_fills_remaining_gaps_apart_from_firm():
    needs = [Need(3, "R3", "air_defence", D(8), 1, (P,))]
    result = coverage(needs, SUPPLY, as_of=AS_OF, horizon=HORIZON)
    assert (result.of(3).firm, result.of(3).announced, result.of(3).gap) == (5, 2, 3)


def test_earmarked_pledges_serve_their_requirement_and_show_over_coverage():
    supply = [
        *SUPPLY,
        Supply("t-nor-a", "NOR", A, D(12), arrival=dt.date(2026, 4, 1), requirement_id=2),
    ]
    result = coverage(NEEDS, supply, as_of=AS_OF, horizon=HORIZON)
    r2 = result.of(2)
    assert (r2.firm, r2.covered, r2.over) == (12, 10, 2)
    assert [c.need.reference for c in over_covered(result)] == ["R2"]
    # R2 is met by its earmark, so USA's 5 A left after R1 stay unused.
    assert dict(result.unused) == {A: 5, B: 3}


def test_concentration_by_hand():
    result = coverage(NEEDS, SUPPLY, as_of=AS_OF, horizon=HORIZON)
    req = {c.key: c for c in by_requirement(result)}
    assert req["R1"].hhi == pytest.approx(0.5) and req["R1"].donors == 2 and not req["R1"].dominant
    assert req["R2"].single_donor and req["R2"].hhi == 1.0
    area = {c.key: c for c in by_area(result)}
    # artillery: USA 10, DEU 5 -> shares 2/3, 1/3 -> HHI 4/9 + 1/9
    assert [d for d, _s in area["artillery"].shares] == ["USA", "DEU"]
    assert dict(area["artillery"].shares) == pytest.approx({"USA": 2 / 3, "DEU": 1 / 3})
    assert area["artillery"].hhi == pytest.approx(5 / 9) and area["artillery"].dominant
    assert [c.key for c in single_donor(result)] == ["R3", "R2"]


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
    ],
)
def test_bad_rules_are_refused_naming_the_field(rules, where):
    with pytest.raises(ScenarioError) as exc:
        apply_rules(SUPPLY, rules, as_of=AS_OF)
    assert exc.value.where == where


def test_horizon_before_as_of_is_refused():
    with pytest.raises(ScenarioError, match="horizon"):
        compare(NEEDS, SUPPLY, [], as_of=AS_OF, horizon=dt.date(2025, 12, 31))


def test_add_months_clamps_the_day():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)
