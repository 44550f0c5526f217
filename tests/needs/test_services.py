from decimal import Decimal

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.services import requirement_create, requirement_transition, requirement_update


@pytest.fixture
def draft(planner):
    return requirement_create(
        actor=planner,
        title="155 mm shells for winter",
        capability_area="artillery",
        quantity=Decimal(200000),
        unit="rounds",
        priority=1,
        description="155 mm NATO artillery rounds",
    )


def test_planner_writes_and_submits_coordinator_validates_and_publishes(
    draft, planner, coordinator
):
    assert draft.status == RequirementStatus.DRAFT
    assert draft.owner.code == "UKR"
    r = requirement_transition(actor=planner, requirement=draft, to_status="submitted")
    r = requirement_transition(actor=coordinator, requirement=r, to_status="validated")
    r = requirement_transition(actor=coordinator, requirement=r, to_status="published")
    assert Requirement.objects.get(pk=draft.pk).status == "published"
    actions = list(
        AuditEvent.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True)
    )
    assert actions == [
        "requirement.create",
        "requirement.submitted",
        "requirement.validated",
        "requirement.published",
    ]


@pytest.mark.parametrize("who", ["liaison_de", "liaison_pl", "planner", "analyst", "auditor"])
def test_only_the_coordinator_validates(request, draft, planner, who):
    submitted = requirement_transition(actor=planner, requirement=draft, to_status="submitted")
    with pytest.raises(PermissionDenied):
        requirement_transition(
            actor=request.getfixturevalue(who), requirement=submitted, to_status="validated"
        )
    assert Requirement.objects.get(pk=draft.pk).status == "submitted"


@pytest.mark.parametrize("who", ["coordinator", "liaison_de", "analyst"])
def test_only_the_planner_writes_requirements(request, parties, who):
    with pytest.raises(PermissionDenied):
        requirement_create(
            actor=request.getfixturevalue(who),
            title="x",
            capability_area="armour",
            description="x",
            quantity=Decimal(1),
        )


def test_a_skipped_step_is_refused(draft, coordinator):
    with pytest.raises(ValidationError, match="cannot go from draft to published"):
        requirement_transition(actor=coordinator, requirement=draft, to_status="published")


def test_a_stale_edit_is_refused_with_what_changed(draft, planner):
    requirement_update(
        actor=planner, requirement=draft, expected_version=1, changes={"quantity": Decimal(250000)}
    )
    with pytest.raises(ConflictError, match="quantity is now"):
        requirement_update(
            actor=planner, requirement=draft, expected_version=1, changes={"quantity": Decimal(9)}
        )
    assert Requirement.objects.get(pk=draft.pk).quantity == Decimal(250000)


def test_submitted_requirements_are_not_edited(draft, planner):
    submitted = requirement_transition(actor=planner, requirement=draft, to_status="submitted")
    with pytest.raises(ValidationError, match="only drafts"):
        requirement_update(
            actor=planner, requirement=submitted, expected_version=None, changes={"priority": 2}
        )


def test_a_requirement_says_what_is_needed(planner):
    with pytest.raises(ValidationError, match="Say what is needed"):
        requirement_create(
            actor=planner, title="something", capability_area="other", quantity=Decimal(1)
        )
