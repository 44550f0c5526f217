"""Every input class of issue #14 point 6 answers 4xx naming its field, on SQLite and PostgreSQL alike: NUL bytes,
dates out of range, integers beyond 64 bits, decimals beyond what a database keeps, booleans as numbers, bodies
that are not JSON, unknown fields."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import DataError
from django.http import HttpResponse
from django.test import Client

from nsatu.audit.models import AuditEvent
from nsatu.core.inputs import InputGuardMiddleware, decimal_digits, text_refusal
from nsatu.flows.models import Flow
from nsatu.needs.models import Requirement


def flow_body(**fields: object) -> dict[str, object]:
    return {"source": "DEU", "destination": "UKR", "amount": "1", "currency": "EUR", **fields}


def requirement_body(**fields: object) -> dict[str, object]:
    return {
        "title": "Counter-battery radars",
        "capability_area": "artillery",
        "quantity": "4",
    } | fields


# --- the rules themselves (no database) ---


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("a\x00b", True),
        ("99999999999999999999", True),
        ("9223372036854775807", True),
        ("999999999999999", False),
        ("9999999999999999", True),
        ("-9223372036854775808", True),
        ("1" * 5000, True),
        ("12345678901234.56", True),
        ("1234567890123.45", False),
        ("1250000.00", False),
        ("1e308", True),
        ("9999-12-31", True),
        ("99999-01-01", True),
        ("1899-12-31", True),
        ("2026-12-07", False),
        ("2199-12-31T23:59", False),
        ("UA-2026-ART001", False),
        ("1025-01-000-0001", False),
        ("Leopard 2A4 (8); M777 (6)", False),
    ],
)
def test_what_no_value_may_carry(text, refused):
    assert bool(text_refusal(text)) is refused, text


def test_digits_are_counted_as_a_database_column_counts_them():
    assert decimal_digits(Decimal("1E+3")) == 4
    assert decimal_digits(Decimal("0.001")) == 3
    assert decimal_digits(Decimal("12345678901234.56")) == 16


# --- the API ---


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (flow_body(source="DE\x00U"), "source"),
        (flow_body(description="line one\x00"), "description"),
        (flow_body(date="9999-12-31"), "date"),
        (flow_body(date="99999-01-01"), "date"),
        (flow_body(parent=10**20), "parent"),
        (flow_body(amount="12345678901234.56"), "amount"),
        (flow_body(amount="1e308"), "amount"),
        (flow_body(amount=1e300), "amount"),
        (flow_body(quantity=True, kind="material"), "quantity"),
        (flow_body(comment="not a field"), "comment"),
    ],
)
def test_a_bad_body_value_is_422_naming_its_field(world, api, liaison_de, body, field):
    events = AuditEvent.objects.count()
    response = api(liaison_de).post("/api/flows/", body)
    assert response.status == 422, response.body
    assert field in response.body["errors"], response.body
    assert field in response.body["detail"]
    assert AuditEvent.objects.count() == events


def test_true_is_not_a_quantity(world, api, planner):
    response = api(planner).post("/api/requirements/", requirement_body(quantity=True))
    assert response.status == 422 and "quantity" in response.body["errors"], response.body
    assert not Requirement.objects.filter(title="Counter-battery radars").exists()


def test_a_fourteen_digit_amount_keeps_its_cents_or_is_refused(world, api, liaison_de):
    # 15 digits are stored exactly on both databases; one more digit is refused, never rounded.
    kept = api(liaison_de).post("/api/flows/", flow_body(amount="9999999999999.99"))
    assert kept.status == 201, kept.body
    assert Flow.objects.get(pk=kept.body["id"]).amount == Decimal("9999999999999.99")
    refused = api(liaison_de).post("/api/flows/", flow_body(amount="99999999999999.99"))
    assert refused.status == 422 and "amount" in refused.body["errors"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/pledges/", {"search": "Leo\x00pard"}, "search"),
        ("/api/pledges/", {"item_type": "9" * 20}, "item_type"),
        ("/api/resilience/concentration", {"as_of": "9999-12-31"}, "as_of"),
        ("/api/resilience/concentration", {"as_of": "99999-01-01"}, "as_of"),
        ("/api/pledges/", {"offset": "9" * 30}, "offset"),
    ],
)
def test_a_bad_query_value_is_422_naming_it(world, api, coordinator, path, params, field):
    response = api(coordinator).get(path, **params)
    assert response.status == 422, response.body
    assert field in response.body["errors"], response.body


def test_an_id_no_record_can_have_is_not_found(world, api, coordinator):
    for path in ("/api/pledges/" + "9" * 20, "/api/pledges/" + "9" * 400):
        response = api(coordinator).get(path)
        assert response.status == 404 and response.body == {"detail": "Not found."}


def test_a_nul_in_the_path_is_refused(world, api, coordinator):
    response = api(coordinator).get("/api/parties/DE%00U")
    assert response.status == 422 and "path" in response.body["errors"]


def test_a_body_that_is_not_json_is_415(world, api, liaison_de):
    caller = api(liaison_de)
    response = caller.client.post(
        "/api/flows/",
        json.dumps(flow_body()),
        content_type="text/plain",
        headers=caller._headers(),
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not Flow.objects.filter(description="").exclude(pk__in=_world_flows(world)).exists()


def _world_flows(world) -> list[int]:
    return [
        world.flow_de.pk,
        world.flow_de_child.pk,
        world.flow_no_owner.pk,
        world.flow_no_child.pk,
    ]


def test_nan_and_infinity_are_not_json_numbers(world, api, liaison_de):
    caller = api(liaison_de)
    response = caller.client.post(
        "/api/flows/",
        '{"source": "DEU", "destination": "UKR", "amount": NaN}',
        content_type="application/json",
        headers=caller._headers(),
    )
    assert response.status_code == 422 and "amount" in response.json()["errors"]


def test_a_nul_in_the_session_cookie_is_refused_before_the_session_is_read(world):
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/api/pledges/")
    assert response.status_code == 422 and "cookie" in response.json()["errors"]


# --- the pages ---


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "9" * 20}, "page"),
        ({"page": "9" * 5000}, "page"),
        ({"search": "x\x00"}, "search"),
        ({"as_of": "9999-12-31"}, "as_of"),
    ],
)
def test_a_page_refuses_a_bad_query_value_naming_it(world, as_user, coordinator, params, field):
    response = as_user(coordinator).get("/pledges/", params)
    assert response.status_code == 400
    assert field in response.content.decode()


def test_a_page_keeps_serving_an_ordinary_large_page_number(world, as_user, coordinator):
    assert as_user(coordinator).get("/pledges/", {"page": "9" * 15}).status_code == 200


def test_a_form_field_with_a_nul_is_refused_naming_it(world, as_user, planner):
    response = as_user(planner).post(
        "/requirements/new/", {"title": "Radars\x00", "capability_area": "artillery"}
    )
    assert response.status_code == 400 and "title" in response.content.decode()
    assert not Requirement.objects.filter(title__startswith="Radars").exists()


# --- the net under the rules: what a database still refuses is the client's input, not a server error ---


@pytest.mark.parametrize("error", [DataError("value out of range"), OverflowError("date value")])
@pytest.mark.parametrize(("path", "status"), [("/api/pledges/", 422), ("/pledges/", 400)])
def test_a_value_refused_late_is_still_a_client_error(rf, error, path, status):
    guard = InputGuardMiddleware(lambda request: HttpResponse())
    response = guard.process_exception(rf.get(path), error)
    assert response is not None and response.status_code == status
    assert "out of range" in response.content.decode()


def test_other_errors_stay_server_errors(rf):
    guard = InputGuardMiddleware(lambda request: HttpResponse())
    assert guard.process_exception(rf.get("/pledges/"), KeyError("a bug")) is None
