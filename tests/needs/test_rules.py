"""Who may write requirements: asked by the pages and the API, enforced by the services."""

from __future__ import annotations

from nsatu.needs import rules
from nsatu.needs.models import Requirement, RequirementStatus


def test_only_a_planner_creates_requirements(people, planner, coordinator, liaison_de, analyst):
    assert rules.may_create(planner)
    for person in (coordinator, liaison_de, analyst):
        assert not rules.may_create(person)
    assert not rules.may_create(None)


def test_a_planner_edits_only_its_own_partys_drafts(web_data, planner, coordinator, parties):
    assert rules.may_edit(planner, web_data.draft)
    assert not rules.may_edit(planner, web_data.submitted)  # only drafts
    assert not rules.may_edit(coordinator, web_data.draft)  # only planners
    foreign = Requirement(owner=parties["POL"], status=RequirementStatus.DRAFT)
    assert not rules.may_edit(planner, foreign)
    assert not rules.may_edit(None, web_data.draft)


def test_transitions_follow_the_workflow_and_nobody_gets_none(web_data, planner, coordinator):
    assert rules.transitions(coordinator, web_data.submitted) == [
        RequirementStatus.DRAFT,
        RequirementStatus.VALIDATED,
        RequirementStatus.CANCELLED,
    ]
    assert rules.transitions(planner, web_data.draft) == [
        RequirementStatus.SUBMITTED,
        RequirementStatus.CANCELLED,
    ]
    assert rules.transitions(None, web_data.draft) == []
