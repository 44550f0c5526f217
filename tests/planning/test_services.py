"""Planning services: who may start runs and decide on proposals, what accepting does, versions, claims."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from nsatu.needs.models import RequirementStatus
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus
from nsatu.planning.services import (
    allocation_run_cancel,
    allocation_run_create,
    allocation_run_retry,
    claim_create,
    claim_release,
    plan_line_accept,
    plan_line_decline,
)
from nsatu.pledges.models import PledgeStatus
from tests.planning.conftest import start_run


def _german_line(run: AllocationRun, month: int = 1) -> PlanLine:
    return PlanLine.objects.get(run=run, owner__code="DEU", month=month)


@pytest.mark.parametrize("who", ["liaison_de", "planner", "analyst", "auditor"])
def test_only_the_coordinator_starts_runs(plan_world, request, who):
    with pytest.raises(PermissionDenied):
        allocation_run_create(actor=request.getfixturevalue(who), parameters={})
    assert not AllocationRun.objects.exists()


def test_a_run_records_parameters_figures_lines_and_audit(done_run, coordinator, plan_world):
    assert done_run.created_by == coordinator and done_run.owner.code == "NSATU"
    assert done_run.parameters == {
        "start": "2026-01",
        "horizon": 24,
        "lateness_decay": 0.8,
        "max_late": 12,
        "new_type_penalty": 0.0,
        "time_limit_s": 60.0,
        "funds_lead_time": 3,
    }
    assert (done_run.progress, done_run.solver_status) == (100, "optimal")
    assert done_run.started_at <= done_run.finished_at
    assert done_run.build_seconds is not None and done_run.columns > 0 and done_run.task_id
    # Germany's 8 Leopards go to the most pressing tank requirement; the status quo fills the older one first.
    german = PlanLine.objects.filter(run=done_run, owner__code="DEU").order_by("month")
    assert [
        (line.requirement.reference, line.quantity, line.month, f"{line.arrival:%Y-%m}")
        for line in german
    ] == [("UA-T-02", 5, 1, "2026-02"), ("UA-T-02", 3, 3, "2026-04")]
    assert all(
        line.releasability == "command" and line.state == LineState.PROPOSED for line in german
    )
    assert german[0].tranche.quantity == 5 and german[0].pledge == plan_world.german_tanks
    assert done_run.plan_weighted_coverage > done_run.baseline_weighted_coverage
    assert done_run.coverage_by_requirement["UA-T-01"]["baseline"] == 8
    assert done_run.coverage_by_requirement["UA-T-02"]["plan"] == 8
    assert done_run.coverage_by_area["armour"] == {
        "items": {
            "requirements": 2,
            "left_out": 0,
            "needed": 30,
            "before": 0,
            "baseline": 8,
            "plan": 8,
        }
    }
    assert set(done_run.coverage_by_area["artillery"]) == {"rounds"}  # shells are not items
    actions = list(
        AuditEvent.objects.filter(object_type="planning.allocationrun").values_list(
            "action", flat=True
        )
    )
    assert actions == ["allocation_run.create", "allocation_run.done"]
    shortfall = done_run.shortfalls.get(requirement=plan_world.tanks_old)
    assert shortfall.covered == 0 and shortfall.reasons[0]["requirements"] == ["UA-T-02"]


def test_bad_parameters_are_refused_by_name(plan_world, coordinator):
    with pytest.raises(ValidationError) as caught:
        allocation_run_create(
            actor=coordinator, parameters={"horizon": 0, "start": "2026-13", "speed": 3}
        )
    errors = caught.value.message_dict
    assert set(errors) == {"horizon", "start", "__all__"} and "speed" in errors["__all__"][0]
    assert not AllocationRun.objects.exists()


def test_the_german_liaison_accepts_and_the_pledge_is_allocated(done_run, liaison_de, plan_world):
    line = _german_line(done_run)
    accepted = plan_line_accept(actor=liaison_de, line_id=line.pk, expected_version=line.version)
    assert (accepted.state, accepted.decided_by, accepted.version) == (
        LineState.ACCEPTED,
        liaison_de,
        2,
    )
    pledge = plan_world.german_tanks
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ALLOCATED and pledge.requirement == plan_world.tanks_urgent
    actions = list(AuditEvent.objects.order_by("-id").values_list("action", flat=True)[:3])
    assert actions == ["pledge.allocated", "pledge.update", "plan_line.accept"]
    # A second line of the same, now allocated, pledge keeps the pledge where it is.
    second = _german_line(done_run, month=3)
    plan_line_accept(actor=liaison_de, line_id=second.pk, expected_version=second.version)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ALLOCATED and pledge.version == 3


def test_a_stale_version_is_a_conflict(done_run, liaison_de):
    line = _german_line(done_run)
    plan_line_decline(
        actor=liaison_de,
        line_id=line.pk,
        expected_version=line.version,
        reason="export licence pending",
    )
    with pytest.raises(ConflictError, match="version 2"):
        plan_line_accept(actor=liaison_de, line_id=line.pk, expected_version=1)
    with pytest.raises(ValidationError, match="already Declined"):
        plan_line_accept(actor=liaison_de, line_id=line.pk, expected_version=2)


@pytest.mark.parametrize(
    ("who", "refusal"),
    # Who may not even read the proposal (it is released to the donor and the command) finds none.
    [("liaison_pl", NotFound), ("coordinator", PermissionDenied), ("planner", NotFound)],
)
def test_only_the_donors_liaison_decides(done_run, request, who, refusal):
    line = _german_line(done_run)
    with pytest.raises(refusal):
        plan_line_accept(
            actor=request.getfixturevalue(who), line_id=line.pk, expected_version=line.version
        )
    with pytest.raises(refusal):
        plan_line_decline(
            actor=request.getfixturevalue(who), line_id=line.pk, expected_version=line.version
        )
    line.refresh_from_db()
    assert line.state == LineState.PROPOSED


def test_a_withdrawn_pledge_cannot_be_accepted(done_run, liaison_de, plan_world):
    plan_world.german_tanks.status = PledgeStatus.WITHDRAWN
    plan_world.german_tanks.save()
    line = _german_line(done_run)
    with pytest.raises(ValidationError, match="Withdrawn"):
        plan_line_accept(actor=liaison_de, line_id=line.pk, expected_version=line.version)


def test_declines_feed_the_next_run(done_run, liaison_de, coordinator, plan_world):
    for line in PlanLine.objects.filter(run=done_run, owner__code="DEU"):
        plan_line_decline(actor=liaison_de, line_id=line.pk, expected_version=line.version)
    second = start_run(coordinator)
    german = PlanLine.objects.filter(run=second, owner__code="DEU")
    # The tanks now go to the other tank requirement, never again to the declined one.
    assert {line.requirement.reference for line in german} == {"UA-T-01"}
    assert sum(line.quantity for line in german) == 8


def test_an_accepted_pledge_counts_before_the_next_plan(done_run, liaison_de, coordinator):
    line = _german_line(done_run)
    plan_line_accept(actor=liaison_de, line_id=line.pk, expected_version=line.version)
    second = start_run(coordinator)
    # Accepting earmarks the whole pledge: the one coverage counts its 8 as allocated to UA-T-02, so the
    # next run starts from there and does not offer the pledge again.
    assert not PlanLine.objects.filter(run=second, owner__code="DEU").exists()
    assert second.coverage_by_requirement["UA-T-02"] | {"title": ""} == {
        "title": "",
        "area": "armour",
        "unit_kind": "items",
        "priority": 1,
        "quantity": 10,
        "before": 8,
        "baseline": 8,
        "plan": 8,
        "left_out": "",
    }
    assert [e["id"] for e in second.instance_summary["left_out"]["earmarked"]] == [line.pledge_id]


def test_a_failed_run_says_why_and_has_no_lines(plan_world, coordinator, parties):
    # A donor party whose code is blank makes an instance the engine refuses; the run must say so by name.
    parties["NOR"].code = " "
    parties["NOR"].save()
    run = start_run(coordinator)
    assert run.status == RunStatus.FAILED and not run.lines.exists() and run.objective is None
    assert "donor: is empty" in run.error_message and "tranches[" in run.error_message
    assert AuditEvent.objects.filter(action="allocation_run.failed", object_id=str(run.pk)).exists()


def test_nothing_to_plan_is_a_failure_not_an_empty_plan(parties, coordinator):
    run = start_run(coordinator)
    assert run.status == RunStatus.FAILED and run.error_message.startswith("Nothing to plan")


def test_a_database_constraint_refuses_a_done_run_without_objective(plan_world, coordinator):
    run = AllocationRun.objects.create(parameters={}, status=RunStatus.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)


# Claims ------------------------------------------------------------------------------------------------------


def test_a_liaison_claims_for_its_own_nation_and_the_claim_expires(
    plan_world, liaison_de, liaison_pl
):
    start = timezone.now()
    claim = claim_create(
        actor=liaison_de, requirement=plan_world.fighters, days=3, note="F-16 from stocks"
    )
    assert (claim.donor.code, claim.owner.code, claim.releasability) == (
        "DEU",
        "DEU",
        "participants",
    )
    assert claim.expires_at - start >= dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="claimed by Germany"):
        claim_create(actor=liaison_pl, requirement=plan_world.fighters)
    later = claim.expires_at + dt.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        polish = claim_create(actor=liaison_pl, requirement=plan_world.fighters)
    claim.refresh_from_db()
    assert claim.released_at == claim.expires_at and polish.donor.code == "POL"
    assert AuditEvent.objects.filter(action="claim.expire", object_id=str(claim.pk)).exists()


def test_claim_rules(plan_world, liaison_de, coordinator, planner, parties):
    with pytest.raises(PermissionDenied):
        claim_create(actor=planner, requirement=plan_world.fighters)
    with pytest.raises(PermissionDenied):
        claim_create(actor=liaison_de, requirement=plan_world.fighters, donor=parties["POL"])
    with pytest.raises(ValidationError, match="Name the donor"):
        claim_create(actor=coordinator, requirement=plan_world.fighters)
    with pytest.raises(ValidationError, match="1 to 90 days"):
        claim_create(actor=liaison_de, requirement=plan_world.fighters, days=91)
    assert plan_world.draft.status == RequirementStatus.DRAFT
    with pytest.raises(ValidationError, match="Only a published requirement"):
        claim_create(actor=liaison_de, requirement=plan_world.draft)
    claim = claim_create(actor=coordinator, requirement=plan_world.fighters, donor=parties["NOR"])
    assert claim.donor.code == "NOR" and claim.claimed_by == coordinator
    assert not Claim.objects.filter(donor__code="POL").exists()


def test_at_most_one_open_claim_per_requirement_in_the_database(plan_world, liaison_de, parties):
    claim_create(actor=liaison_de, requirement=plan_world.fighters)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            donor=parties["POL"],
            owner=parties["POL"],
            requirement=plan_world.fighters,
            expires_at=timezone.now() + dt.timedelta(days=1),
        )


def test_release(plan_world, liaison_de, liaison_pl, coordinator):
    claim = claim_create(actor=liaison_de, requirement=plan_world.fighters)
    with pytest.raises(PermissionDenied):
        claim_release(actor=liaison_pl, claim_id=claim.pk)
    released = claim_release(actor=liaison_de, claim_id=claim.pk, expected_version=claim.version)
    assert released.released_by == liaison_de and released.released_at is not None
    with pytest.raises(ValidationError, match="already released"):
        claim_release(actor=coordinator, claim_id=released.pk)
    assert claim_create(actor=liaison_pl, requirement=plan_world.fighters).donor.code == "POL"


def test_the_plan_respects_a_live_claim(plan_world, parties, coordinator, liaison_pl):
    # Poland claims the urgent tank requirement: German tanks may no longer serve it while the claim lives.
    claim_create(actor=liaison_pl, requirement=plan_world.tanks_urgent)
    run = start_run(coordinator)
    german = {
        ln.requirement.reference for ln in PlanLine.objects.filter(run=run, owner__code="DEU")
    }
    assert german == {"UA-T-01"}
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=15)
    ):
        later = start_run(coordinator)
    assert {
        ln.requirement.reference for ln in PlanLine.objects.filter(run=later, owner__code="DEU")
    } == {"UA-T-02"}


@pytest.mark.parametrize("who", ["liaison_de", "planner", "analyst"])
def test_only_the_coordinator_cancels_and_retries(done_run, request, who, coordinator):
    run = AllocationRun.objects.create(
        parameters={"start": "2026-01"},
        status=RunStatus.FAILED,
        error_message="its worker stopped",
        owner=coordinator.party,
        releasability="participants",
    )
    actor = request.getfixturevalue(who)
    for service in (allocation_run_cancel, allocation_run_retry):
        with pytest.raises((PermissionDenied, NotFound)):
            service(actor=actor, run_id=run.pk)
    assert AllocationRun.objects.get(pk=run.pk).status == RunStatus.FAILED


def test_cancel_and_retry_follow_the_ladder(done_run, coordinator):
    with pytest.raises(ValidationError, match="only a queued or running run can be cancelled"):
        allocation_run_cancel(actor=coordinator, run_id=done_run.pk)
    with pytest.raises(ValidationError, match="only a failed or cancelled run can be retried"):
        allocation_run_retry(actor=coordinator, run_id=done_run.pk)
    with pytest.raises(NotFound):
        allocation_run_cancel(actor=coordinator, run_id=done_run.pk + 1000)
    assert AllocationRun.objects.get(pk=done_run.pk).status == RunStatus.DONE


def test_a_retried_failed_run_is_done_with_the_same_parameters(plan_world, coordinator):
    run = AllocationRun.objects.create(
        parameters={"start": "2026-01", "horizon": 12},
        created_by=coordinator,
        status=RunStatus.FAILED,
        error_message="The process executing the run (host:1) stopped",
        solver_status="time_limit",
        owner=coordinator.party,
        releasability="participants",
    )
    retried = allocation_run_retry(actor=coordinator, run_id=run.pk, expected_version=run.version)
    # The immediate queue of these tests executes it at once.
    assert (retried.status, retried.error_message, retried.attempt) == (RunStatus.DONE, "", 1)
    assert retried.parameters["horizon"] == 12 and retried.lines.count() == 4
    with pytest.raises(ConflictError):
        allocation_run_retry(actor=coordinator, run_id=run.pk, expected_version=run.version)
