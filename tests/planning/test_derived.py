"""A run's result as each reader may read it (docs/architecture.md, "Derived results"): rows about hidden
records are left out, links to them are restricted, headline figures need every input."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from tests.planning.conftest import start_run

SECRET_TITLE = "Brigade east qzxsecret"


@pytest.fixture
def secret_run(plan_world, parties, coordinator):
    """The plan world plus a command-only tank need and a command-only Norwegian tank offer."""
    need = Requirement.objects.create(
        reference="UA-T-99",
        title=SECRET_TITLE,
        capability_area=plan_world.tanks_urgent.capability_area,
        quantity=Decimal(6),
        priority=1,
        owner=parties["UKR"],
        item_type=plan_world.leopard,
        status=RequirementStatus.PUBLISHED,
        releasability=Releasability.COMMAND,
        needed_by=dt.date(2026, 3, 31),
    )
    offer = Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        item_type=plan_world.leopard,
        quantity=6,
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.COMMAND,
        announced_on=dt.date(2025, 6, 1),
        description="Norwegian tanks qzxoffer",
    )
    Tranche.objects.create(
        pledge=offer, available_from=dt.date(2026, 1, 1), quantity=6, transit_months=1
    )
    run = start_run(coordinator)
    assert run.status == "done", run.error_message
    assert run.lines.filter(requirement=need).exists()
    return run, need, offer


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_coordinator_sees_every_figure(secret_run, as_user, coordinator, api):
    run, _need, _offer = secret_run
    page = _text(as_user(coordinator).get(reverse("planning:run", args=[run.pk])))
    assert 'data-testid="plan-coverage"' in page and 'data-testid="figures-withheld"' not in page
    body = api(coordinator).get(f"/api/planning/runs/{run.pk}").body
    assert body["figures_withheld"] is False
    assert body["objective"] == pytest.approx(run.objective)
    assert body["plan"]["weighted_coverage"] == pytest.approx(run.plan_weighted_coverage)
    assert "inputs" not in body["instance_summary"]  # ids of the inputs are never shown


# The need is Ukraine's own (its planner reads it); the Norwegian offer is hidden from both.
@pytest.mark.parametrize(("who", "need_hidden"), [("liaison_pl", True), ("planner", False)])
def test_a_reader_who_may_not_see_every_input_gets_no_headline_figure(
    secret_run, request, as_user, api, who, need_hidden
):
    run, need, _offer = secret_run
    user = request.getfixturevalue(who)
    response = as_user(user).get(reverse("planning:run", args=[run.pk]))
    page = _text(response)
    assert response.status_code == 200
    assert 'data-testid="figures-withheld"' in page
    assert 'data-testid="plan-coverage"' not in page and 'id="coverage-by-area"' not in page
    hidden_words = ["qzxoffer"] + (
        ["qzxsecret", "UA-T-99", f"/requirements/{need.pk}/"] if need_hidden else []
    )
    for hidden in hidden_words:
        at = page.find(hidden)
        assert at < 0, page[at - 300 : at + 50]
    body = api(user).get(f"/api/planning/runs/{run.pk}").body
    assert body["figures_withheld"] is True
    assert (body["objective"], body["plan"]["weighted_coverage"], body["columns"]) == (
        None,
        None,
        None,
    )
    assert body["coverage_by_area"] == {} and body["instance_summary"] == {}
    assert "qzxoffer" not in str(body)
    if need_hidden:
        assert "UA-T-99" not in str(body) and "qzxsecret" not in str(body)
    listed = api(user).get("/api/planning/runs").body["items"]
    assert [(r["id"], r["objective"], r["figures_withheld"]) for r in listed] == [
        (run.pk, None, True)
    ]
    runs_page = _text(as_user(user).get(reverse("planning:runs")))
    assert 'data-testid="figures-withheld"' in runs_page


def test_shortfall_reasons_name_no_record_to_a_reader_without_every_input(
    secret_run, as_user, liaison_pl
):
    run, _need, _offer = secret_run
    page = _text(as_user(liaison_pl).get(reverse("planning:run", args=[run.pk])))
    # The shortfall table keeps the requirements the liaison may see, each reason by its kind only.
    for ref in re.findall(r"UA-[A-Z]-\d\d", page):
        assert ref != "UA-T-99"
    assert "went to requirements where they count at least as much:" not in page


def test_the_donor_of_a_proposal_reads_its_hidden_requirement_as_restricted(
    secret_run, as_user, api, liaison_no
):
    run, _need, offer = secret_run
    page = _text(as_user(liaison_no).get(reverse("planning:lines") + f"?run={run.pk}"))
    assert "a restricted requirement" in page
    assert "qzxsecret" not in page and "UA-T-99" not in page
    lines = api(liaison_no).get("/api/planning/lines", run=run.pk).body["items"]
    restricted = [line for line in lines if line["requirement_restricted"]]
    assert restricted and all(line["requirement"] is None for line in restricted)
    assert all(line["pledge"] == offer.pk for line in restricted)  # his own offer: he sees it


def test_a_withdrawn_hidden_offer_moves_nothing_a_reader_sees(secret_run, as_user, api, liaison_pl):
    run, _need, offer = secret_run
    url = reverse("planning:run", args=[run.pk])
    nonce = re.compile(r'(nonce|value|hx-headers)="[^"]*"')
    before = nonce.sub("", _text(as_user(liaison_pl).get(url)))
    api_before = api(liaison_pl).get(f"/api/planning/runs/{run.pk}").body
    Pledge.objects.filter(pk=offer.pk).update(status=PledgeStatus.WITHDRAWN)
    assert nonce.sub("", _text(as_user(liaison_pl).get(url))) == before
    assert api(liaison_pl).get(f"/api/planning/runs/{run.pk}").body == api_before


def test_the_comparison_leaves_out_hidden_requirements_and_headline_figures(
    secret_run, coordinator, as_user, liaison_pl
):
    run, _need, _offer = secret_run
    other = start_run(coordinator, horizon=12)
    url = reverse("planning:compare") + f"?a={run.pk}&b={other.pk}"
    page = _text(as_user(liaison_pl).get(url))
    assert 'id="compare-requirements"' in page and "UA-T-01" in page
    assert "UA-T-99" not in page and "qzxsecret" not in page
    assert 'id="compare-figures"' not in page and 'data-testid="figures-withheld"' in page
    shown = _text(as_user(coordinator).get(url))
    assert "UA-T-99" in shown and 'id="compare-figures"' in shown


def test_the_runs_of_a_list_are_checked_together_in_a_bounded_number_of_queries(
    done_run, secret_run, liaison_pl, coordinator, django_assert_max_num_queries
):
    from nsatu.planning.run_selectors import run_inputs_seen, runs_figures_shown

    hidden, _need, _offer = secret_run
    more = [start_run(coordinator) for _ in range(3)]  # over the same inputs, the hidden ones too
    runs = [done_run, hidden, *more]
    with django_assert_max_num_queries(3):
        shown = runs_figures_shown(user=liaison_pl, runs=runs)
    assert shown == frozenset({done_run.pk})
    assert [run_inputs_seen(user=liaison_pl, run=run) for run in runs] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert runs_figures_shown(user=coordinator, runs=runs) == frozenset(r.pk for r in runs)


def test_runs_recorded_before_their_inputs_were_kept_are_judged_by_their_result(
    done_run, secret_run, liaison_pl, coordinator, monkeypatch, django_assert_max_num_queries
):
    from nsatu.planning import run_selectors
    from nsatu.planning.models import AllocationRun

    hidden, _need, _offer = secret_run
    for run in (done_run, hidden):
        summary = dict(run.instance_summary)
        del summary["inputs"]
        AllocationRun.objects.filter(pk=run.pk).update(instance_summary=summary)
    runs = list(AllocationRun.objects.filter(pk__in=[done_run.pk, hidden.pk]).order_by("pk"))
    assert all("inputs" not in run.instance_summary for run in runs)
    with django_assert_max_num_queries(5):  # two for the older runs' inputs, three for what is seen
        shown = run_selectors.runs_figures_shown(user=liaison_pl, runs=runs)
    assert shown == frozenset({done_run.pk})
    assert run_selectors.runs_figures_shown(user=coordinator, runs=runs) == {
        done_run.pk,
        hidden.pk,
    }
    # one id per query gives the same answer
    monkeypatch.setattr(run_selectors, "_IDS_PER_QUERY", 1)
    assert run_selectors.runs_figures_shown(user=liaison_pl, runs=runs) == shown
