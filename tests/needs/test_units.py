"""A requirement's unit kind and period: entered, checked and shown the same on the form, the services and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ValidationError
from nsatu.needs.display import quantity_stated
from nsatu.needs.models import Requirement
from nsatu.needs.services import requirement_create, requirement_update
from nsatu.needs.units import horizon_end, unit_problems

TODAY = dt.date(2026, 12, 7)


def test_funds_need_a_currency_and_a_currency_is_not_material():
    assert (
        unit_problems(unit_kind="funds", period="total", unit="EUR", needed_by=None, today=TODAY)
        == {}
    )
    assert (
        unit_problems(unit_kind="funds", period="month", unit="USD bn", needed_by=None, today=TODAY)
        == {}
    )
    assert (
        "ISO 4217"
        in unit_problems(
            unit_kind="funds", period="total", unit="units", needed_by=None, today=TODAY
        )["unit"][0]
    )
    assert (
        "Funds"
        in unit_problems(
            unit_kind="rounds", period="total", unit="EUR", needed_by=None, today=TODAY
        )["unit_kind"][0]
    )


def test_a_rate_counts_up_to_a_date_inside_the_horizon_or_over_the_whole_horizon():
    def check(needed_by: dt.date | None) -> dict[str, list[str]]:
        return unit_problems(
            unit_kind="rounds", period="month", unit="rounds", needed_by=needed_by, today=TODAY
        )

    assert horizon_end(TODAY) == dt.date(2028, 12, 7)
    assert check(None) == {} and check(dt.date(2027, 6, 30)) == {}
    assert check(dt.date(2028, 12, 7)) == {}
    for wrong in (TODAY, dt.date(2024, 2, 29), dt.date(2028, 12, 8)):
        assert "2028-12-07" in check(wrong)["needed_by"][0]
    # A total may be needed by any date, past ones included (a late need stays a need).
    assert (
        unit_problems(
            unit_kind="items",
            period="total",
            unit="systems",
            needed_by=dt.date(2024, 1, 1),
            today=TODAY,
        )
        == {}
    )


def _create(planner, **overrides):
    fields = {
        "title": "155 mm shells for the winter",
        "capability_area": "artillery",
        "quantity": Decimal(200000),
        "unit": "rounds",
        "unit_kind": "rounds",
        "period": "month",
        "priority": 1,
        "description": "155 mm NATO rounds",
    }
    return requirement_create(actor=planner, **(fields | overrides))


def test_the_service_keeps_kind_and_period_and_refuses_what_does_not_add_up(planner):
    shells = _create(planner)
    assert (shells.unit_kind, shells.period) == ("rounds", "month")
    assert quantity_stated(shells) == "200,000 rounds per month"
    before = (Requirement.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        _create(planner, unit_kind="funds", unit="rounds", period="total")
    assert "unit" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _create(planner, needed_by=timezone.localdate() - dt.timedelta(days=1))
    assert "needed_by" in caught.value.message_dict
    assert (Requirement.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(ValidationError):
        requirement_update(
            actor=planner,
            requirement=shells,
            expected_version=shells.version,
            changes={"unit_kind": "funds"},
        )
    saved = requirement_update(
        actor=planner,
        requirement=shells,
        expected_version=shells.version,
        changes={"period": "total", "quantity": Decimal(600000)},
    )
    assert quantity_stated(saved) == "600,000 rounds"


def _form(**overrides) -> dict:
    data = {
        "title": "Interceptor drones",
        "capability_area": "drones",
        "item_type": "",
        "ammunition_family": "",
        "description": "Interceptor drones against Shahed-type attack drones",
        "quantity": "1000",
        "unit": "drones",
        "unit_kind": "items",
        "period": "day",
        "priority": "1",
        "needed_by": "",
        "releasability": "participants",
    }
    return data | overrides


def test_the_form_offers_labels_and_names_the_field_that_does_not_add_up(
    web_data, as_user, planner
):
    client = as_user(planner)
    page = client.get(reverse("needs:create")).content.decode()
    for label in ("Unit kind", "Rounds", "Funds", "per month", "in total", "24-month"):
        assert label in page
    refused = client.post(reverse("needs:create"), _form(unit_kind="funds"))
    assert refused.status_code == 400
    assert "ISO 4217" in refused.content.decode()
    late = client.post(reverse("needs:create"), _form(needed_by="2020-01-31"))
    assert late.status_code == 400 and "planning horizon" in late.content.decode()
    assert not Requirement.objects.filter(title="Interceptor drones").exists()
    client.post(reverse("needs:create"), _form())
    created = Requirement.objects.get(title="Interceptor drones")
    assert (created.unit_kind, created.period, created.needed_by) == ("items", "day", None)
    edit = client.get(reverse("needs:edit", args=[created.pk])).content.decode()
    assert '<option value="day" selected>per day</option>' in edit


NEW = {
    "title": "PURL contributions",
    "capability_area": "other",
    "quantity": "1000000000",
    "unit": "USD",
    "unit_kind": "funds",
    "period": "month",
    "description": "Monthly purchases of US equipment through PURL",
    "releasability": "participants",
}


def test_the_api_takes_and_returns_kind_and_period(world, api, planner, liaison_pl):
    created = api(planner).post("/api/requirements/", NEW)
    assert created.status == 201, created.body
    body = created.body
    assert (body["unit_kind"], body["period"], body["quantity_stated"]) == (
        "funds",
        "month",
        "1,000,000,000 USD per month",
    )
    listed = api(planner).get("/api/requirements/", status="draft").body["items"]
    assert {(r["reference"], r["unit_kind"], r["period"]) for r in listed} >= {
        (body["reference"], "funds", "month")
    }
    path = f"/api/requirements/{body['id']}"
    patched = api(planner).patch(path, {"version": 1, "unit": "units"})
    assert patched.status in (400, 422) and "unit" in str(patched.body)
    assert api(planner).post("/api/requirements/", NEW | {"period": "week"}).status == 422
    changed = api(planner).patch(path, {"version": 1, "period": "year"})
    assert changed.status == 200 and changed.body["period"] == "year"
