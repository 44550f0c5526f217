"""/api/planning/: runs, plan lines with accept/decline (409 on a stale version), claims."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus
from nsatu.pledges.models import PledgeStatus
from tests.planning.conftest import START

RUNS = "/api/planning/runs"
LINES = "/api/planning/lines"
CLAIMS = "/api/planning/claims"


def test_runs_list_detail_and_who_may_create(
    done_run, api, coordinator, liaison_de, analyst, plan_world
):
    listed = api(liaison_de).get(RUNS)
    assert listed.status == 200 and [r["id"] for r in listed.body["items"]] == [done_run.pk]
    assert (
        api(analyst).get(RUNS).body["items"] == []
    )  # runs are released to participants, not to analysts
    detail = api(coordinator).get(f"{RUNS}/{done_run.pk}").body
    assert (detail["status"], detail["solver_status"], detail["created_by"]) == (
        "done",
        "optimal",
        "coord.ribeiro",
    )
    assert detail["plan"]["weighted_coverage"] > detail["baseline"]["weighted_coverage"]
    assert (
        detail["coverage_by_area"]["armour"]["items"]["plan"] == 8
        and detail["instance_summary"]["tranches"] == 4
    )
    assert api(analyst).get(f"{RUNS}/{done_run.pk}").status == 404

    refused = api(liaison_de).post(RUNS, {"horizon": 12})
    assert refused.status == 403 and "may not start allocation runs" in refused.body["detail"]
    bad = api(coordinator).post(RUNS, {"horizon": 500, "start": START})
    assert bad.status == 422 and "horizon" in bad.body["errors"]
    created = api(coordinator).post(RUNS, {"horizon": 12, "start": START})
    assert (
        created.status == 201
        and created.body["status"] == "done"
        and created.body["parameters"]["horizon"] == 12
    )
    assert AllocationRun.objects.count() == 2


def test_lines_are_filtered_by_visibility(
    done_run, api, coordinator, liaison_de, liaison_pl, planner
):
    everything = api(coordinator).get(LINES, run=done_run.pk).body
    assert everything["count"] == 4
    german = api(liaison_de).get(LINES).body["items"]
    assert {line["donor"]["code"] for line in german} == {"DEU"} and len(german) == 2
    assert (
        german[0]["requirement"]["reference"] == "UA-T-02"
        and german[0]["item_type"] == "Leopard 2A4"
    )
    assert api(liaison_pl).get(LINES, donor="DEU").body["count"] == 0
    assert (
        api(planner).get(LINES).body["count"] == 0
    )  # proposals are between the command and each donor
    german_id = german[0]["id"]
    assert api(liaison_pl).get(f"{LINES}/{german_id}").status == 404
    assert api(coordinator).get(LINES, state="accepted").body["count"] == 0


def test_accept_and_decline_with_versions(done_run, api, liaison_de, liaison_pl, plan_world):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").order_by("month").first()
    path = f"{LINES}/{line.pk}"
    assert api(liaison_pl).post(f"{path}/accept", {"version": 1}).status == 404
    accepted = api(liaison_de).post(f"{path}/accept", {"version": 1})
    assert accepted.status == 200 and (accepted.body["state"], accepted.body["version"]) == (
        "accepted",
        2,
    )
    assert accepted.body["decided_by"] == "liaison.de.weber"
    plan_world.german_tanks.refresh_from_db()
    assert plan_world.german_tanks.status == PledgeStatus.ALLOCATED
    stale = api(liaison_de).post(f"{path}/decline", {"version": 1})
    assert stale.status == 409 and "version 2" in stale.body["detail"]
    other = PlanLine.objects.filter(run=done_run, owner__code="DEU").order_by("month").last()
    declined = api(liaison_de).post(
        f"{LINES}/{other.pk}/decline", {"version": 1, "reason": "not before autumn"}
    )
    assert declined.status == 200 and declined.body["decline_reason"] == "not before autumn"
    assert PlanLine.objects.get(pk=other.pk).state == LineState.DECLINED
    assert (
        api(liaison_de).post(f"{LINES}/{other.pk}/accept", {}).status == 422
    )  # the version is required


def test_claims(plan_world, api, liaison_de, liaison_pl, coordinator, planner):
    created = api(liaison_de).post(
        CLAIMS, {"requirement": plan_world.fighters.pk, "days": 7, "note": "jets"}
    )
    assert (
        created.status == 201
        and created.body["donor"]["code"] == "DEU"
        and created.body["live"] is True
    )
    taken = api(liaison_pl).post(CLAIMS, {"requirement": plan_world.fighters.pk})
    assert taken.status == 422 and "claimed by Germany" in taken.body["errors"]["requirement"][0]
    assert api(planner).post(CLAIMS, {"requirement": plan_world.tanks_old.pk}).status == 403
    unknown = api(liaison_de).post(CLAIMS, {"requirement": plan_world.draft.pk})
    assert (
        unknown.status == 422 and "requirement" in unknown.body["errors"]
    )  # a draft it may not even see
    assert (
        api(liaison_pl).get(CLAIMS, live="true").body["count"] == 1
    )  # everyone sees what is taken
    claim_id = created.body["id"]
    assert api(liaison_pl).post(f"{CLAIMS}/{claim_id}/release", {}).status == 403
    released = api(coordinator).post(f"{CLAIMS}/{claim_id}/release", {"version": 1})
    assert (
        released.status == 200 and released.body["live"] is False and released.body["version"] == 2
    )
    assert api(coordinator).get(CLAIMS, live="false").body["count"] == 1
    for_norway = api(coordinator).post(
        CLAIMS, {"requirement": plan_world.fighters.pk, "donor": "nor"}
    )
    assert for_norway.status == 201 and for_norway.body["claimed_by"] == "coord.ribeiro"
    assert Claim.objects.filter(released_at__isnull=True).count() == 1


def test_cancel_and_retry_through_the_api(plan_world, api, coordinator, liaison_de):
    run = AllocationRun.objects.create(
        parameters={"start": START},
        created_by=coordinator,
        owner=coordinator.party,
        releasability="participants",
    )
    refused = api(liaison_de).post(f"{RUNS}/{run.pk}/cancel", {})
    assert refused.status == 403 and "may not cancel allocation runs" in refused.body["detail"]
    cancelled = api(coordinator).post(f"{RUNS}/{run.pk}/cancel", {"version": run.version})
    assert cancelled.status == 200 and cancelled.body["status"] == "cancelled"
    again = api(coordinator).post(f"{RUNS}/{run.pk}/cancel", {})
    assert again.status == 422 and "only a queued or running run" in again.body["detail"]
    stale = api(coordinator).post(f"{RUNS}/{run.pk}/retry", {"version": run.version})
    assert stale.status == 409
    retried = api(coordinator).post(f"{RUNS}/{run.pk}/retry", {"version": run.version + 1})
    assert retried.status == 200 and retried.body["status"] == "done"  # the immediate queue
    assert retried.body["attempt"] == 1 and retried.body["lease_expires_at"] is None
    assert api(coordinator).post(f"{RUNS}/{run.pk + 99}/retry", {}).status == 404


def test_reading_a_run_through_the_api_reaps_a_dead_worker(plan_world, api, coordinator):
    run = AllocationRun.objects.create(
        parameters={"start": START},
        created_by=coordinator,
        status=RunStatus.RUNNING,
        owner=coordinator.party,
        releasability="participants",
        attempt=1,
        worker="worker-host:4242",
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    detail = api(coordinator).get(f"{RUNS}/{run.pk}").body
    assert detail["status"] == "failed" and "worker-host:4242" in detail["error_message"]
