"""The OpenAPI description, the docs page, and every list endpoint called as each named person."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from nsatu.demo.people import DEMO_PEOPLE

EXPECTED_OPERATIONS = {
    ("get", "/api/parties/"),
    ("post", "/api/parties/"),
    ("get", "/api/parties/{code}"),
    ("patch", "/api/parties/{code}"),
    ("get", "/api/item-types/"),
    ("post", "/api/item-types/"),
    ("get", "/api/item-types/{item_type_id}"),
    ("patch", "/api/item-types/{item_type_id}"),
    ("get", "/api/requirements/"),
    ("post", "/api/requirements/"),
    ("get", "/api/requirements/{requirement_id}"),
    ("patch", "/api/requirements/{requirement_id}"),
    ("post", "/api/requirements/{requirement_id}/transition"),
    ("get", "/api/pledges/"),
    ("post", "/api/pledges/"),
    ("get", "/api/pledges/{pledge_id}"),
    ("patch", "/api/pledges/{pledge_id}"),
    ("post", "/api/pledges/{pledge_id}/status"),
    ("post", "/api/pledges/{pledge_id}/tranches"),
    ("get", "/api/flows/"),
    ("post", "/api/flows/"),
    ("get", "/api/flows/{flow_id}"),
    ("get", "/api/flows/totals"),
}


def _schema() -> dict:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_openapi_lists_every_endpoint_with_bearer_and_session_auth(db):
    schema = _schema()
    assert schema["openapi"].startswith("3.")
    # The domains of the foundation; a later domain (e.g. /api/planning/) lists its own operations in its tests.
    prefixes = {path.split("/")[2] for _, path in EXPECTED_OPERATIONS}
    assert {
        op for op in _operations(schema) if op[1].split("/")[2] in prefixes
    } == EXPECTED_OPERATIONS
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    # Amounts are documented as strings, not numbers.
    amount = schema["components"]["schemas"]["PledgeOut"]["properties"]["amount"]
    assert {"type": "string", "format": "decimal"}.items() <= amount["anyOf"][0].items()


def test_every_url_pattern_of_the_api_is_in_the_schema(db):
    """An endpoint hidden from the schema would escape the enumerating tests below."""
    from config.api import api

    urlpatterns = api.urls[0]

    documented = {path for _, path in _operations(_schema())}
    routed = {"/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern)) for p in urlpatterns}
    assert routed - {"/api/", "/api/openapi.json", "/api/docs"} == documented


def test_docs_page_is_served_without_a_cdn(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "unpkg" not in html


def _list_paths(schema: dict) -> list[str]:
    """GET endpoints without path parameters: the lists (and the totals), found in the schema itself."""
    return sorted(
        path
        for path, ops in schema["paths"].items()
        if "get" in ops and not re.search(r"{\w+}", path)
    )


def _detail_paths(schema: dict) -> list[str]:
    return sorted(
        path for path, ops in schema["paths"].items() if "get" in ops and re.search(r"{\w+}", path)
    )


def test_every_list_endpoint_answers_each_named_person(world, api, people):
    schema = _schema()
    paths = _list_paths(schema)
    assert "/api/pledges/" in paths and "/api/flows/totals" in paths
    for path in paths:
        assert api(None).get(path).status == 401, path
        for person in DEMO_PEOPLE:
            response = api(people[person.username]).get(path)
            assert response.status in (200, 403), (
                path,
                person.username,
                response.status,
                response.body,
            )
            if response.status == 200 and "items" in response.body:
                assert response.body["count"] >= len(response.body["items"])


@pytest.mark.parametrize("value", ["0", "999999999", "ZZZ", "9" * 30])
def test_every_detail_endpoint_says_not_found_for_unknown_keys(world, api, coordinator, value):
    for path in _detail_paths(_schema()):
        url = re.sub(r"{\w+}", value, path)
        response = api(coordinator).get(url)
        # Integer keys reject "ZZZ" at routing (404) or as input (422); never a server error.
        assert response.status in (404, 422), (url, response.status, response.body)
        if response.status == 404:
            assert response.body == {"detail": "Not found."}, url


def test_list_endpoints_make_the_same_number_of_queries_for_more_rows(
    world, api, liaison_de, parties
):
    """Schemas read only what the selectors joined or prefetched: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from nsatu.accounts.models import ApiToken
    from nsatu.flows.models import Flow
    from nsatu.pledges.models import Pledge

    def counts() -> dict[str, int]:
        result = {}
        for path in _list_paths(_schema()):
            # A token's use is written at most once a minute: keep that write out of every count.
            ApiToken.objects.update(last_used_at=timezone.now())
            with CaptureQueriesContext(connection) as queries:
                assert api(liaison_de).get(path).status == 200
            result[path] = len(queries.captured_queries)
        return result

    counts()  # warms the per-process caches (content types) the first reads fill
    before = counts()
    for n in range(5):
        Pledge.objects.create(
            donor=parties["DEU"],
            owner=parties["DEU"],
            recipient=parties["UKR"],
            item_type=world.fh70,
            quantity=n + 1,
            requirement=world.requirement,
            dataset=world.kiel,
        )
        Flow.objects.create(
            source=parties["DEU"],
            destination=parties["UKR"],
            owner=parties["DEU"],
            amount=n + 1,
            currency="EUR",
            amount_eur=n + 1,
            parent=None,
            item_type=world.m777,
            dataset=world.kiel,
        )
    assert counts() == before
