"""Generated references under concurrent creation, on PostgreSQL: 20 shipments and 20 repair orders created at
the same moment through the API, each request on its own connection: 20 created, 0 errors, 20 references."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from nsatu.audit.models import AuditEvent
from nsatu.logistics.models import RepairOrder, Shipment
from tests.fixtures.api import ApiCaller, Response
from tests.logistics.test_api import _plan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises its writers; the race exists on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 20


def at_once(write: Callable[[], Response], n: int = WRITERS) -> list[Response]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = write()
        except BaseException as exc:  # reported from the main thread below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_twenty_shipments_at_once_all_get_a_reference(api, liaison_de, hubs, items):
    token = api(liaison_de).token
    responses = at_once(
        lambda: ApiCaller(token).post("/api/logistics/shipments", _plan(items, notes="race"))
    )
    assert sorted(r.status for r in responses) == [201] * WRITERS, [
        (r.status, r.body) for r in responses if r.status != 201
    ]
    references = sorted(Shipment.objects.values_list("reference", flat=True))
    assert len(set(references)) == WRITERS
    assert [r.rsplit("-", 1)[1] for r in references] == [f"{n:04d}" for n in range(1, 21)]
    assert AuditEvent.objects.filter(action="shipment.create").count() == WRITERS


def test_twenty_repair_orders_at_once_all_get_a_reference(api, planner, parties, items):
    token = api(planner).token
    body = {
        "item_type": items["gepard"].pk,
        "quantity": 1,
        "facility": "KNDS Unterlüß",
        "facility_party": "DEU",
        "sent_on": "2026-02-01",
        "expected_return": "2026-05-01",
    }
    responses = at_once(lambda: ApiCaller(token).post("/api/logistics/repairs", body))
    assert sorted(r.status for r in responses) == [201] * WRITERS, [
        (r.status, r.body) for r in responses if r.status != 201
    ]
    references = sorted(RepairOrder.objects.values_list("reference", flat=True))
    assert references == [f"REP-{n:04d}" for n in range(1, 21)]
