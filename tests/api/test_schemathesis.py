"""schemathesis against the API's own OpenAPI description: every operation, a bounded number of generated (valid and
invalid) inputs each, called as the coordinator with a Bearer token. No 5xx; every 4xx carries a message."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.api import api as ninja_api
from config.wsgi import application
from nsatu.accounts.services import api_token_issue

MAX_EXAMPLES = 5

openapi = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema(path_prefix="/api/"))
openapi.app = application
COUNTS: dict[str, set[str] | int] = {"operations": set(), "calls": 0}


@pytest.fixture
def coordinator_token(world, coordinator) -> Iterator[str]:
    # The WSGI app is called directly, not through Django's test client, so it would close the test's database
    # connection after each request (PostgreSQL then loses the test transaction); the client disconnects these too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_token_issue(actor=coordinator, name="schemathesis")[1]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@openapi.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_error_and_every_refusal_explains(case, coordinator_token):
    response = case.call(headers={"Authorization": f"Bearer {coordinator_token}"})
    COUNTS["operations"].add(case.operation.label)  # type: ignore[attr-defined]
    COUNTS["calls"] += 1  # type: ignore[operator]
    assert response.status_code < 500, (
        f"{case.operation.label}: {response.status_code} {response.text[:500]}"
    )
    if response.status_code == 405:
        # schemathesis also sends methods the path does not take; django-ninja answers those in plain text.
        assert response.text, f"{case.operation.label}: 405 without a message"
    elif response.status_code >= 400:
        assert response.text, f"{case.operation.label}: {response.status_code} with an empty body"
        try:
            body = json.loads(response.text)
        except ValueError:
            raise AssertionError(
                f"{case.operation.label}: {response.status_code} {response.text[:300]!r}"
            ) from None
        assert isinstance(body.get("detail"), str) and body["detail"], (
            f"{case.operation.label}: {response.text}"
        )
