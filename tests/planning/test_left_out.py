"""Nothing left out of a run silently: rates over the horizon, requirements for funds, offers a run cannot
use, each listed with its reason on the run's page and in the API for whoever may see it, and counted in the
run's coverage figures; funds buy at the item types' unit values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.engine.units import Period, Stated, UnitKind, add_months, horizon_quantity
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.planning.instance import allocation_instance_build
from nsatu.planning.models import PlanLine
from nsatu.planning.parameters import run_parameters_clean
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from tests.planning.conftest import start_run

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)


def _requirement(parties, ref: str, **fields) -> Requirement:
    defaults = {
        "title": ref,
        "capability_area": CapabilityArea.AIR_DEFENCE,
        "quantity": Decimal(100),
        "priority": 1,
        "owner": parties["UKR"],
        "status": RequirementStatus.PUBLISHED,
        "releasability": Releasability.PARTICIPANTS,
    }
    return Requirement.objects.create(reference=ref, **(defaults | fields))


def _left_out_world(plan_world, parties) -> dict[str, object]:
    drones = _requirement(
        parties,
        "UA-D-02",
        title="Interceptor drones",
        item_type=plan_world.f16,  # any item type the catalogue has: what matters is the rate
        quantity=Decimal(50),
        period=Period.MONTH,
    )
    funds = _requirement(
        parties, "UA-M-01", title="Air defence fund", quantity=Decimal(2_000_000), unit_kind="funds"
    )
    nothing = _requirement(parties, "UA-X-01", title="Something no catalogue item serves")
    secret = Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        description="a command-only offer without an item type",
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.COMMAND,
    )
    return {"drones": drones, "funds": funds, "nothing": nothing, "secret": secret}


def test_a_rate_is_planned_over_the_horizon_and_funds_requirements_are_left_out(
    plan_world, parties, coordinator
):
    world = _left_out_world(plan_world, parties)
    built = allocation_instance_build(
        user=coordinator,
        parameters=run_parameters_clean({"start": "2026-01"}, today=NOW.date()),
        now=NOW,
    )
    reqs = {r.id: r for r in built.instance.requirements}
    # 50 a month from the run's day over its 24 months, as engine.units counts it: never 50.
    expected = horizon_quantity(
        Stated(Decimal(50), UnitKind.ITEMS, Period.MONTH),
        start=NOW.date(),
        end=add_months(NOW.date(), 24),
    )
    assert reqs["UA-D-02"].quantity == int(expected) == 1200
    left_out = built.summary["left_out"]
    assert [e["label"] for e in left_out["funds_requirement"]] == ["UA-M-01"]
    assert [e["label"] for e in left_out["no_item_type"]] == ["UA-X-01"]
    assert {
        "kind": "pledge",
        "id": world["secret"].pk,
        "label": f"pledge {world['secret'].pk}",
    } in (left_out["no_item_type_or_quantity"])
    assert "UA-M-01" not in reqs and "UA-X-01" not in reqs


def test_what_was_left_out_is_on_top_of_the_page_and_in_the_api_for_whoever_may_see_it(
    plan_world, parties, coordinator, liaison_pl, as_user, api
):
    world = _left_out_world(plan_world, parties)
    run = start_run(coordinator)
    assert run.status == "done", run.error_message
    # Counted in the figures: the funds requirement in its own unit kind, the other with nothing planned.
    assert run.coverage_by_area["air_defence"]["funds"] == {
        "requirements": 1,
        "left_out": 1,
        "needed": 2_000_000,
        "before": 0,
        "baseline": 0,
        "plan": 0,
    }
    assert run.coverage_by_area["air_defence"]["items"]["left_out"] == 1
    assert run.coverage_by_requirement["UA-X-01"]["left_out"] == "no_item_type"

    page = re.sub(
        r"\s+", " ", as_user(coordinator).get(reverse("planning:run", args=[run.pk])).text
    )
    top = page.index('data-testid="left-out"')
    assert top < page.index('id="coverage-by-area"')
    assert "requirements for funds: a plan allocates items and rounds, not money" in page
    assert ">UA-M-01</a>" in page and ">UA-X-01</a>" in page
    assert f">pledge {world['secret'].pk}</a>" in page

    polish = re.sub(
        r"\s+", " ", as_user(liaison_pl).get(reverse("planning:run", args=[run.pk])).text
    )
    assert ">UA-M-01</a>" in polish and f"pledge {world['secret'].pk}" not in polish

    for user, sees_secret in ((coordinator, True), (liaison_pl, False)):
        detail = api(user).get(f"/api/planning/runs/{run.pk}").body
        groups = {g["reason"]: g for g in detail["left_out"]}
        assert [i["label"] for i in groups["funds_requirement"]["items"]] == ["UA-M-01"]
        pledges = {i["id"] for g in detail["left_out"] for i in g["items"] if i["kind"] == "pledge"}
        assert (world["secret"].pk in pledges) is sees_secret
        assert "left_out" not in detail["instance_summary"]


def test_a_funds_pledge_buys_at_the_item_types_unit_value(plan_world, parties, coordinator):
    plan_world.shell.unit_value_eur = Decimal(4000)
    plan_world.shell.save()
    Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["PURL"],
        kind=PledgeKind.FUNDS,
        amount=Decimal("1840000"),
        currency="EUR",
        status=PledgeStatus.COMMITTED,
        announced_on=dt.date(2025, 10, 1),
        releasability=Releasability.PARTICIPANTS,
    )
    run = start_run(coordinator)
    bought = PlanLine.objects.filter(run=run, source_kind="funds")
    # 1,000 rounds needed, Poland offers 600: the fund buys the other 400 at EUR 4,000 (460 affordable).
    assert [(ln.requirement.reference, ln.item_type.name) for ln in bought] == [
        ("UA-A-01", "155mm HE shell")
    ]
    assert sum(ln.quantity for ln in bought) == 400
    assert run.instance_summary["priced_item_types"] == 1
    assert run.coverage_by_requirement["UA-A-01"]["plan"] == 1000
