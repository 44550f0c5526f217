"""Planning pages for each named person: runs, progress, result, proposals, claims, comparison, report."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from tests.planning.conftest import START, start_run

PEOPLE = ["coordinator", "liaison_de", "liaison_pl", "planner", "analyst", "auditor"]


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("who", PEOPLE)
def test_every_page_answers_everyone(done_run, request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    for name, args in [
        ("runs", []),
        ("lines", []),
        ("claims", []),
        ("compare", []),
        ("report", []),
    ]:
        assert client.get(reverse(f"planning:{name}", args=args)).status_code == 200, name
    expected = 404 if who in ("analyst", "auditor") else 200  # runs are released to participants
    assert client.get(reverse("planning:run", args=[done_run.pk])).status_code == expected


def test_nav_has_planning(done_run, as_user, coordinator):
    page = as_user(coordinator).get(reverse("planning:runs"))
    assert 'href="/planning/" aria-current="page">Planning</a>' in _text(page)


def test_coordinator_starts_a_run_from_the_form(plan_world, as_user, coordinator):
    client = as_user(coordinator)
    page = client.get(reverse("planning:runs"))
    assert "Start the run" in _text(page)
    response = client.post(
        reverse("planning:runs"),
        {
            "start": START,
            "horizon": 12,
            "lateness_decay": 0.9,
            "max_late": 6,
            "new_type_penalty": 0,
            "time_limit_s": 30,
        },
    )
    run = AllocationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "planning:run", args=[run.pk]
    )
    assert run.parameters["horizon"] == 12 and run.parameters["lateness_decay"] == 0.9
    assert run.status == RunStatus.DONE  # the immediate backend of these tests


def test_a_bad_form_names_the_field_and_starts_nothing(plan_world, as_user, coordinator):
    response = as_user(coordinator).post(
        reverse("planning:runs"),
        {
            "start": "2026-13",
            "horizon": 0,
            "lateness_decay": 0.8,
            "max_late": 12,
            "new_type_penalty": 0,
            "time_limit_s": 60,
        },
    )
    assert response.status_code == 400 and not AllocationRun.objects.exists()
    assert "Write the month as YYYY-MM." in _text(response)


@pytest.mark.parametrize("who", ["liaison_de", "planner", "analyst"])
def test_others_see_no_form_and_cannot_start(plan_world, request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    assert "Start the run" not in _text(client.get(reverse("planning:runs")))
    response = client.post(reverse("planning:runs"), {"horizon": 12}, follow=True)
    assert "may not start allocation runs" in _text(response) and not AllocationRun.objects.exists()


def test_progress_is_polled_while_running_and_the_page_reloads_at_the_end(
    plan_world, as_user, coordinator
):
    run = AllocationRun.objects.create(
        parameters={"start": START},
        created_by=coordinator,
        status=RunStatus.RUNNING,
        progress=25,
        progress_message="Solving: 4 requirements",
        owner=coordinator.party,
        worker="worker-host:4242",
        heartbeat_at=timezone.now(),
        lease_expires_at=timezone.now() + dt.timedelta(minutes=1),
    )
    client = as_user(coordinator)
    page = _text(client.get(reverse("planning:run", args=[run.pk])))
    url = reverse("planning:progress", args=[run.pk])
    assert f'hx-get="{url}" hx-trigger="every 1s"' in page and "Solving: 4 requirements" in page
    assert "Worked on by worker-host:4242" in page and 'data-testid="run-cancel"' in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in fragment and 'value="25"' in _text(fragment)
    AllocationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error_message="The solver did not produce a plan (infeasible): -"
    )
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true" and "hx-get" not in _text(fragment)
    page = _text(client.get(reverse("planning:run", args=[run.pk])))
    assert "The solver did not produce a plan (infeasible)" in page and 'role="alert"' in page


def test_the_result_page(done_run, as_user, coordinator):
    page = _text(as_user(coordinator).get(reverse("planning:run", args=[done_run.pk])))
    assert 'data-testid="solver-status">optimal<' in page
    plan = f"{done_run.plan_weighted_coverage * 100:.1f} %"
    baseline = f"{done_run.baseline_weighted_coverage * 100:.1f} %"
    assert (
        f'data-testid="plan-coverage">{plan}<' in page
        and f'data-testid="baseline-coverage">{baseline}<' in page
    )
    for donor in ("Germany", "Poland", "Norway"):
        assert f">{donor} <span" in page
    assert (
        "UA-T-01</a> Main battle tanks (2024 statement)" in page
    )  # the uncovered list, with its reason
    assert "went to requirements where they count at least as much: UA-T-02" in page
    spec = json.loads(
        re.search(
            r'<script id="chart-run-coverage" type="application/json">(.*?)</script>', page
        ).group(1)
    )
    assert spec["labels"] == ["Air force (Items)", "Armour (Items)", "Artillery (Rounds)"]
    assert [d["data"] for d in spec["datasets"]] == [
        [0.0, 0.0, 0.0],
        [50.0, 26.7, 60.0],
        [50.0, 26.7, 60.0],
    ]
    assert "<script>" not in page  # no inline script: charts come from JSON specs


def test_a_polish_liaison_never_sees_german_lines(
    done_run, as_user, liaison_pl, liaison_de, plan_world
):
    german = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    client = as_user(liaison_pl)
    for url in (
        reverse("planning:run", args=[done_run.pk]),
        reverse("planning:lines"),
        reverse("planning:lines") + "?donor=DEU",
        reverse("planning:lines") + f"?run={done_run.pk}",
    ):
        page = _text(client.get(url))
        assert (
            "Germany" not in page
            and "Leopard 2A4 from" not in page
            and f'data-line="{german.pk}"' not in page
        ), url
        assert "Left out of the run" not in page
    assert "Poland" in _text(client.get(reverse("planning:run", args=[done_run.pk])))
    response = client.post(
        reverse("planning:decide", args=[german.pk]), {"decision": "accept", "version": 1}
    )
    assert response.status_code == 404
    german.refresh_from_db()
    assert german.state == LineState.PROPOSED
    assert f'data-line="{german.pk}"' in _text(as_user(liaison_de).get(reverse("planning:lines")))


def test_german_liaison_accepts_on_my_proposals_and_the_pledge_is_allocated(
    done_run, as_user, liaison_de, plan_world
):
    client = as_user(liaison_de)
    page = _text(client.get(reverse("planning:lines")))
    assert "Proposals to Germany" in page and page.count('value="accept"') == 2
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").order_by("month").first()
    response = client.post(
        reverse("planning:decide", args=[line.pk]),
        {"decision": "accept", "version": line.version, "next": "/planning/proposals/"},
        follow=True,
    )
    assert f"Proposal {line.pk} (5 for UA-T-02) accepted." in _text(response)
    pledge = Pledge.objects.get(pk=plan_world.german_tanks.pk)
    assert pledge.status == PledgeStatus.ALLOCATED
    # A stale form (version 1 again) is refused with the reason, and nothing changes.
    response = client.post(
        reverse("planning:decide", args=[line.pk]),
        {"decision": "decline", "version": 1},
        follow=True,
    )
    assert "changed by someone else" in _text(response)
    line.refresh_from_db()
    assert line.state == LineState.ACCEPTED


def test_decline_with_a_reason(done_run, as_user, liaison_de):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    as_user(liaison_de).post(
        reverse("planning:decide", args=[line.pk]),
        {"decision": "decline", "version": line.version, "reason": "export licence pending"},
    )
    line.refresh_from_db()
    assert (line.state, line.decline_reason) == (LineState.DECLINED, "export licence pending")


def test_claims_page(plan_world, as_user, liaison_de, liaison_pl, coordinator, planner):
    client = as_user(liaison_de)
    assert 'name="donor"' not in _text(
        client.get(reverse("planning:claims"))
    )  # a liaison claims for itself
    response = client.post(
        reverse("planning:claims"),
        {"requirement": plan_world.fighters.pk, "days": 5, "note": "two jets from reserve"},
        follow=True,
    )
    assert "Germany claims UA-F-01 until" in _text(response)
    response = as_user(liaison_pl).post(
        reverse("planning:claims"), {"requirement": plan_world.fighters.pk, "days": 5}
    )
    assert response.status_code == 400 and "UA-F-01 is claimed by Germany until" in _text(response)
    claim = Claim.objects.get()
    release = reverse("planning:claim_release", args=[claim.pk])
    assert release not in _text(as_user(liaison_pl).get(reverse("planning:claims")))
    assert release in _text(as_user(liaison_de).get(reverse("planning:claims")))
    assert (
        as_user(planner)
        .post(reverse("planning:claims"), {"requirement": plan_world.fighters.pk})
        .status_code
        == 403
    )
    client = as_user(coordinator)
    assert 'name="donor"' in _text(client.get(reverse("planning:claims")))
    response = client.post(
        reverse("planning:claim_release", args=[claim.pk]), {"version": claim.version}, follow=True
    )
    assert "Claim of Germany on UA-F-01 released." in _text(response)
    claim.refresh_from_db()
    assert claim.released_by == coordinator


def test_compare_two_runs(done_run, as_user, coordinator, liaison_de):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    from nsatu.planning.services import plan_line_decline

    plan_line_decline(actor=liaison_de, line_id=line.pk, expected_version=line.version)
    second = start_run(coordinator)
    page = _text(
        as_user(coordinator).get(reverse("planning:compare"), {"a": done_run.pk, "b": second.pk})
    )
    assert f"Run {done_run.pk}" in page and f"Run {second.pk}" in page
    # Germany declined its tanks for UA-T-02 (one line declines the pledge for that need): all 8 go to UA-T-01.
    assert (
        'UA-T-02 Main battle tanks for the eastern front</td><td class="num">10</td> '
        '<td class="num">8</td><td class="num">0</td><td class="num">-8</td>'
    ) in page
    assert (
        'UA-T-01 Main battle tanks (2024 statement)</td><td class="num">20</td> '
        '<td class="num">0</td><td class="num">8</td><td class="num">8</td>'
    ) in page
    same = _text(
        as_user(coordinator).get(reverse("planning:compare"), {"a": second.pk, "b": second.pk})
    )
    assert "Choose two different runs." in same


def test_report_lists_over_coverage_and_duplicates(plan_world, as_user, coordinator, parties):
    ukr = parties["UKR"]
    # The first two are one donation entered twice (the ledger links them): firm 2 + 2 + 3 = 7 for 4 needed.
    for day, quantity in (
        (dt.date(2025, 3, 1), 2),
        (dt.date(2025, 3, 20), 2),
        (dt.date(2025, 9, 1), 3),
        (dt.date(2026, 1, 10), 2),
    ):
        Pledge.objects.create(
            donor=parties["NOR"],
            owner=parties["NOR"],
            recipient=ukr,
            item_type=plan_world.f16,
            quantity=quantity,
            status=PledgeStatus.COMMITTED,
            announced_on=day,
            requirement=plan_world.fighters,
        )
    page = _text(as_user(coordinator).get(reverse("planning:report")))
    over = page[page.index('id="over-coverage"') : page.index('id="dup-heading"')]
    assert (
        "UA-F-01</a> F-16 fighters" in over
        and '<td class="num">4</td><td class="num">7</td>' in over
    )
    duplicates = page[page.index('id="duplicates"') :]
    assert "Norway" in duplicates and "2025-03-01" in duplicates and "2025-03-20" in duplicates
    # The ledger's matcher: more than 92 days after the previous one is another donation.
    assert "2026-01-10" not in duplicates


def test_run_page_queries_do_not_grow_with_the_lines(
    done_run, as_user, coordinator, plan_world, parties
):
    client = as_user(coordinator)

    def count(run) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("planning:run", args=[run.pk])).status_code == 200
        return len(queries)

    count(done_run)  # warms the content-type cache the visibility rule reads
    small = count(done_run)
    for code in ("USA", "POL", "NOR"):
        Pledge.objects.create(
            donor=parties[code],
            owner=parties[code],
            recipient=parties["UKR"],
            item_type=plan_world.abrams,
            quantity=3,
            status=PledgeStatus.COMMITTED,
            releasability="participants",
        )
    bigger = start_run(coordinator)
    assert bigger.lines.count() > done_run.lines.count() + 2
    assert count(bigger) == small <= 12


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/phish",
        "/\\evil.example/phish",
        "https://evil.example/",
        "http:/evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "planning/proposals/",
    ],
)
def test_decide_never_redirects_off_site(done_run, as_user, liaison_de, target):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    response = as_user(liaison_de).post(
        reverse("planning:decide", args=[line.pk]),
        {"decision": "decline", "version": line.version, "next": target},
    )
    assert response.status_code == 302 and response["Location"] == reverse("planning:lines")


def test_decide_returns_to_a_path_on_this_site(done_run, as_user, liaison_de):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    back = f"/planning/proposals/?run={done_run.pk}"
    response = as_user(liaison_de).post(
        reverse("planning:decide", args=[line.pk]),
        {"decision": "decline", "version": line.version, "next": back},
    )
    assert response["Location"] == back


def test_a_run_whose_worker_died_reads_failed_and_the_coordinator_retries_it(
    plan_world, as_user, coordinator, liaison_de
):
    run = AllocationRun.objects.create(
        parameters={"start": START},
        created_by=coordinator,
        status=RunStatus.RUNNING,
        progress=25,
        progress_message="Solving: 4 requirements",
        owner=coordinator.party,
        releasability="participants",
        attempt=1,
        worker="worker-host:4242",
        heartbeat_at=timezone.now() - dt.timedelta(minutes=5),
        lease_expires_at=timezone.now() - dt.timedelta(minutes=4),
    )
    page = _text(as_user(liaison_de).get(reverse("planning:run", args=[run.pk])))
    # Reading the run reaps it: failed, with the worker and what to do, and no button for a liaison.
    assert 'data-testid="run-status">Failed<' in page and "worker-host:4242" in page
    assert 'data-testid="run-retry"' not in page and 'data-testid="run-cancel"' not in page
    client = as_user(coordinator)
    page = _text(client.get(reverse("planning:run", args=[run.pk])))
    assert 'data-testid="run-retry"' in page and 'data-testid="run-cancel"' not in page
    response = client.post(reverse("planning:run_retry", args=[run.pk]), follow=True)
    assert f"Allocation run {run.pk} queued again." in _text(response)
    run.refresh_from_db()
    assert (run.status, run.attempt) == (RunStatus.DONE, 2)  # the immediate queue of these tests


def test_the_coordinator_cancels_a_queued_run_from_its_page(
    plan_world, as_user, coordinator, liaison_de
):
    run = AllocationRun.objects.create(
        parameters={"start": START},
        created_by=coordinator,
        owner=coordinator.party,
        releasability="participants",
    )
    refused = as_user(liaison_de).post(reverse("planning:run_cancel", args=[run.pk]), follow=True)
    assert "may not cancel allocation runs" in _text(refused)
    response = as_user(coordinator).post(reverse("planning:run_cancel", args=[run.pk]), follow=True)
    page = _text(response)
    assert f"Allocation run {run.pk} cancelled." in page
    assert 'data-testid="run-status">Cancelled<' in page and "Cancelled by coord.ribeiro" in page
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_a_coordinators_split_takes_a_pair_out_of_the_duplicate_report(
    plan_world, as_user, coordinator, parties
):
    from nsatu.aid.services import link_decision_split

    pledges = [
        Pledge.objects.create(
            donor=parties["NOR"],
            owner=parties["NOR"],
            recipient=parties["UKR"],
            item_type=plan_world.f16,
            quantity=2,
            status=PledgeStatus.COMMITTED,
            announced_on=day,
        )
        for day in (dt.date(2025, 3, 1), dt.date(2025, 3, 20))
    ]

    def listed() -> bool:
        page = _text(as_user(coordinator).get(reverse("planning:report")))
        return "2025-03-20" in page[page.index('id="dup-heading"') :]

    assert listed()
    link_decision_split(actor=coordinator, first_id=pledges[0].pk, second_id=pledges[1].pk)
    assert not listed()
