"""Saving and deleting scenarios: role checks, validation naming the field, audit events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nsatu.audit.models import AuditEvent
from nsatu.core.models import Releasability
from nsatu.engine.interop.scenario import Rule
from nsatu.resilience.models import Scenario, ScenarioRule
from nsatu.resilience.presets import scenario_rules
from nsatu.resilience.scenarios import scenario_get, scenario_list
from nsatu.resilience.services import scenario_create, scenario_delete

RULES = [
    Rule("USA", "withdraw", start=dt.date(2026, 12, 1)),
    Rule("DEU", "delay", months=6),
    Rule("POL", "cap", amount=Decimal("250000000"), unit="EUR"),
]


def test_coordinator_saves_a_scenario_with_rules_and_an_audit_event(parties, coordinator):
    s = scenario_create(
        actor=coordinator, name="  Three donors step back ", rules=RULES, horizon_months=18
    )
    assert (s.name, s.owner.code, s.releasability, s.horizon_months) == (
        "Three donors step back",
        "NSATU",
        Releasability.COMMAND,
        18,
    )
    assert scenario_rules(scenario_get(user=coordinator, pk=s.pk)) == RULES
    event = AuditEvent.objects.get(action="scenario.create", object_id=str(s.pk))
    assert event.actor == coordinator
    assert [r["donor"] for r in event.after["rules"]] == ["USA", "DEU", "POL"]


def test_planner_may_save_liaisons_and_analysts_may_not(parties, planner, liaison_de, analyst):
    assert scenario_create(actor=planner, name="US stops", rules=RULES[:1]).owner.code == "UKR"
    for user in (liaison_de, analyst, None):
        with pytest.raises(PermissionDenied):
            scenario_create(actor=user, name="mine", rules=RULES[:1])
    assert Scenario.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rules": []}, "rules"),
        ({"rules": [Rule("USA", "delay", months=0)]}, "rules"),
        ({"rules": [Rule("XXX", "delay", months=2)]}, "rules"),
        ({"rules": [Rule("USA", "delay", months=2), Rule("USA", "delay", months=3)]}, "rules"),
        ({"name": " "}, "name"),
        ({"horizon_months": 61}, "horizon_months"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    parties, coordinator, kwargs, field
):
    args = {"name": "x", "rules": RULES[:1]} | kwargs
    with pytest.raises(ValidationError) as exc:
        scenario_create(actor=coordinator, **args)
    assert field in exc.value.message_dict
    assert not Scenario.objects.exists() and not ScenarioRule.objects.exists()
    assert not AuditEvent.objects.filter(action="scenario.create").exists()


def test_visibility_of_saved_scenarios(parties, coordinator, planner, liaison_de):
    command = scenario_create(actor=coordinator, name="command only", rules=RULES[:1])
    shared = scenario_create(
        actor=coordinator, name="shared", rules=RULES[:1], releasability=Releasability.PARTICIPANTS
    )
    assert set(scenario_list(user=coordinator)) == {command, shared}
    assert list(scenario_list(user=liaison_de)) == [shared]
    assert list(scenario_list(user=planner)) == [shared]


def test_only_the_owning_party_deletes_with_an_audit_event(parties, coordinator, planner):
    s = scenario_create(
        actor=coordinator, name="shared", rules=RULES, releasability=Releasability.PARTICIPANTS
    )
    with pytest.raises(PermissionDenied):
        scenario_delete(actor=planner, scenario_id=s.pk)
    scenario_delete(actor=coordinator, scenario_id=s.pk)
    assert not Scenario.objects.exists() and not ScenarioRule.objects.exists()
    event = AuditEvent.objects.get(action="scenario.delete")
    assert event.before["name"] == "shared" and len(event.before["rules"]) == 3
