"""The instance a run solves, read from the database with the visibility of the coordinator who starts it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.engine.allocation import instance_to_dict, validate_instance
from nsatu.logistics.models import Hub
from nsatu.planning.instance import allocation_instance_build, month_date, month_index
from nsatu.planning.models import LineState, PlanLine
from nsatu.planning.parameters import run_parameters_clean
from nsatu.planning.selectors import COMMAND_VIEW
from nsatu.planning.services import claim_create
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)


def _build(user, **parameters):
    clean = run_parameters_clean({"start": "2026-01", **parameters}, today=NOW.date())
    return allocation_instance_build(user=user, parameters=clean, now=NOW)


def test_months():
    start = dt.date(2026, 1, 1)
    assert (
        month_index(start, dt.date(2027, 3, 31)) == 14
        and month_index(start, dt.date(2025, 12, 1)) == -1
    )
    assert month_date(start, 14) == dt.date(2027, 3, 1) and month_date(start, 11) == dt.date(
        2026, 12, 1
    )


def test_requirements_listed_in_order_received_with_substitutes_and_families(
    plan_world, coordinator
):
    built = _build(coordinator)
    validate_instance(built.instance)
    reqs = {r.id: r for r in built.instance.requirements}
    assert [r.id for r in built.instance.requirements] == [
        "UA-T-01",
        "UA-T-02",
        "UA-A-01",
        "UA-F-01",
    ]
    assert reqs["UA-T-02"].satisfied_by == ("Leopard 2A4", "M1A1 Abrams")
    assert reqs["UA-A-01"].satisfied_by == ("155mm HE shell",)
    assert (reqs["UA-T-02"].quantity, reqs["UA-T-02"].priority, reqs["UA-T-02"].needed_by) == (
        10,
        1,
        2,
    )
    assert reqs["UA-T-02"].capability_area == "armour" and reqs["UA-T-02"].claimed_by is None
    assert "UA-D-01" not in reqs  # a draft is not planned


def test_offers_are_firm_visible_and_not_from_the_registers(plan_world, coordinator):
    built = _build(coordinator)
    tranches = {t.id: t for t in built.instance.tranches}
    german = [t for t in tranches.values() if t.donor == "DEU"]
    assert [(t.quantity, t.available, t.transit) for t in german] == [(5, 0, 1), (3, 2, 1)]
    assert {t.donor for t in tranches.values()} == {"DEU", "POL", "NOR"}
    polish = tranches[
        f"p{plan_world.polish_shells.pk}"
    ]  # no tranche recorded: one implicit tranche
    assert (polish.quantity, polish.available, polish.item_type) == (600, 0, "155mm HE shell")
    # Announced pledges, owner-only pledges of a donor and the SIPRI register never enter a plan.
    pledge_ids = {t.pledge_id for t in tranches.values()}
    for excluded in (plan_world.us_announced, plan_world.german_secret, plan_world.sipri_open):
        assert str(excluded.pk) not in pledge_ids
    first = min(tranches.values(), key=lambda t: t.announced)
    assert first.pledge_id == str(plan_world.polish_shells.pk)  # announced first
    types = {t.id: t for t in built.instance.item_types}
    assert types["Leopard 2A4"].unit_mass_t == 55.2 and not types["Leopard 2A4"].in_fleet


def test_the_owner_sees_its_own_secret_pledge_the_command_does_not(
    plan_world, liaison_de, coordinator
):
    secret = str(plan_world.german_secret.pk)
    assert secret in {t.pledge_id for t in _build(liaison_de).instance.tranches}
    assert secret not in {t.pledge_id for t in _build(COMMAND_VIEW).instance.tranches}


def test_deliveries_reduce_the_need_and_use_up_the_earliest_tranches(
    plan_world, coordinator, parties
):
    plan_world.german_tanks.delivered_quantity = 6
    plan_world.german_tanks.requirement = plan_world.tanks_urgent
    plan_world.german_tanks.save()
    Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        item_type=plan_world.leopard,
        quantity=4,
        status=PledgeStatus.DELIVERED,
        requirement=plan_world.tanks_urgent,
        releasability=Releasability.PUBLIC,
    )
    built = _build(coordinator)
    # Germany's 8 and Norway's 4 are earmarked for it: allocated 12 of a need of 10, it is left out.
    assert "UA-T-02" not in {r.id for r in built.instance.requirements}
    assert "Leopard 2A4" in {t.id for t in built.instance.item_types if t.in_fleet}
    left_out = built.summary["left_out"]
    assert left_out["already_allocated"] == [
        {"kind": "requirement", "id": plan_world.tanks_urgent.pk, "label": "UA-T-02"}
    ]
    # Germany's committed pledge is earmarked: counted before the plan, never offered again.
    assert {
        "kind": "pledge",
        "id": plan_world.german_tanks.pk,
        "label": f"pledge {plan_world.german_tanks.pk}",
    } in left_out["earmarked"]
    [urgent] = [n for n in built.needs if n.reference == "UA-T-02"]
    assert (urgent.needed, urgent.before, urgent.left_out) == (10, 12, "already_allocated")


def test_partly_delivered_pledge_offers_the_rest_of_its_later_tranches(plan_world, coordinator):
    plan_world.german_tanks.delivered_quantity = 6
    plan_world.german_tanks.save()
    Tranche.objects.create(
        pledge=plan_world.german_tanks, available_from=dt.date(2026, 6, 1), quantity=0
    )
    german = [t for t in _build(coordinator).instance.tranches if t.donor == "DEU"]
    # 5 in January and 1 of March's 3 are delivered: what is left is 2 from March.
    assert [(t.id.startswith("t"), t.quantity, t.available) for t in german] == [(True, 2, 2)]


def test_earmarks_declines_claims_hubs_and_the_horizon(
    plan_world, coordinator, liaison_de, liaison_pl, parties, done_run
):
    line = PlanLine.objects.filter(run=done_run, owner__code="DEU").first()
    line.state, line.decided_at = LineState.DECLINED, NOW
    line.save()
    claim_create(actor=liaison_pl, requirement=plan_world.fighters)
    rzeszow = Hub.objects.create(
        name="Rzeszów-Jasionka",
        country=parties["POL"],
        capacity_t_month=Decimal(100),
        releasability=Releasability.PUBLIC,
    )
    Hub.objects.create(
        name="Unknown capacity", country=parties["POL"], releasability=Releasability.PUBLIC
    )
    plan_world.polish_shells.tranches.create(
        available_from=dt.date(2026, 2, 1), quantity=100, hub=rzeszow, transit_months=0
    )
    plan_world.polish_shells.tranches.create(available_from=dt.date(2029, 1, 1), quantity=100)
    plan_world.norwegian_f16.requirement = plan_world.fighters
    plan_world.norwegian_f16.save()
    built = allocation_instance_build(
        user=coordinator,
        parameters=run_parameters_clean({"start": "2026-01"}, today=NOW.date()),
        now=dt.datetime.now(dt.UTC),
    )
    tranches = {t.id: t for t in built.instance.tranches}
    german = [t for t in tranches.values() if t.donor == "DEU"]
    assert all(t.excluded_requirements == ("UA-T-02",) for t in german)
    assert next(r for r in built.instance.requirements if r.id == "UA-F-01").claimed_by == "POL"
    assert [(h.id, h.capacity_t) for h in built.instance.hubs] == [("Rzeszów-Jasionka", 100.0)]
    polish = sorted((t for t in tranches.values() if t.donor == "POL"), key=lambda t: t.id)
    assert [(t.quantity, t.available, t.hub) for t in polish] == [
        (400, 0, None),
        (100, 1, "Rzeszów-Jasionka"),
    ]
    assert built.summary["left_out"]["beyond_horizon"]  # the 2029 tranche
    # Norway's F-16 earmarked for UA-F-01 counts there before the plan; the plan asks for the rest.
    assert not [t for t in tranches.values() if t.donor == "NOR"]
    fighters = next(r for r in built.instance.requirements if r.id == "UA-F-01")
    assert fighters.quantity == 2
    assert [e["id"] for e in built.summary["left_out"]["earmarked"]] == [
        plan_world.norwegian_f16.pk
    ]
    data = instance_to_dict(built.instance)
    assert data["parameters"]["start"] == "2026-01" and len(data["tranches"]) == len(tranches)


def test_funds_pledges_become_funds_offers(plan_world, coordinator, parties):
    plan_world.shell.unit_value_eur = Decimal(4000)
    plan_world.shell.save()
    Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["PURL"],
        kind=PledgeKind.FUNDS,
        amount=Decimal("2000000"),
        currency="USD",
        value_eur=Decimal("1840000"),
        status=PledgeStatus.COMMITTED,
        announced_on=dt.date(2026, 3, 10),
        releasability=Releasability.PARTICIPANTS,
    )
    Pledge.objects.create(
        donor=parties["POL"],
        owner=parties["POL"],
        recipient=parties["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal("500"),
        currency="PLN",
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
    )
    built = _build(coordinator, funds_lead_time=2)
    [offer] = built.instance.funds
    assert (offer.donor, offer.amount_eur, offer.available, offer.channel, offer.lead_time) == (
        "NOR",
        1840000.0,
        2,
        "PURL",
        2,
    )
    assert (
        next(t for t in built.instance.item_types if t.id == "155mm HE shell").unit_price_eur
        == 4000.0
    )
    assert len(built.summary["left_out"]["funds_without_eur_value"]) == 1


def test_the_run_reads_the_one_coverage(plan_world, coordinator, parties):
    """Its need and its "before" are the coverage's needed and allocated stage, requirement by requirement."""
    from nsatu.coverage.selectors import requirement_coverage_get
    from nsatu.planning.services import allocation_run_create

    plan_world.german_tanks.requirement = plan_world.tanks_urgent
    plan_world.german_tanks.delivered_quantity = 2
    plan_world.german_tanks.save()
    Pledge.objects.create(
        donor=parties["POL"],
        owner=parties["POL"],
        recipient=parties["UKR"],
        item_type=plan_world.f16,
        quantity=1,
        delivered_quantity=1,
        status=PledgeStatus.DELIVERED,
        releasability=Releasability.PUBLIC,
    )
    today = timezone.now().date()  # the run counts from its own day (the instance's `now`)
    run = allocation_run_create(actor=coordinator, parameters={"start": f"{today:%Y-%m}"})
    run.refresh_from_db()
    assert run.status == "done", run.error_message
    view = requirement_coverage_get(user=coordinator, as_of=today)
    for c in view.result.requirements:
        figures = run.coverage_by_requirement[c.need.reference]
        needed = int(c.need.quantity.to_integral_value(rounding="ROUND_CEILING"))
        assert figures["quantity"] == needed, c.need.reference
        assert figures["before"] == min(int(c.stages.allocated), needed), c.need.reference
    assert run.coverage_by_requirement["UA-T-02"]["before"] == 8  # the German earmark
