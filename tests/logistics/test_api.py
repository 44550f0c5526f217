from __future__ import annotations

import datetime as dt

import pytest

from nsatu.logistics.models import Receipt, Shipment
from nsatu.pledges.models import Pledge

pytestmark = pytest.mark.django_db


def _plan(items, pledge=None, **extra):
    return {
        "origin": "Kassel",
        "origin_lat": 51.31,
        "origin_lon": 9.5,
        "hub": "Rzeszów-Jasionka",
        "handover_point": "Lviv",
        "planned_dispatch": "2026-03-01",
        "planned_at_hub": "2026-03-05",
        "planned_handover": "2026-03-10",
        "lines": [
            {
                "item_type": items["gepard"].pk,
                "quantity": 4,
                "pledge": pledge.pk if pledge else None,
            }
        ],
    } | extra


def test_shipment_lifecycle_to_partial_receipt_through_the_api(
    api, liaison_de, planner, liaison_pl, hubs, items, pledge_de, freezer=None
):
    created = api(liaison_de).post("/api/logistics/shipments", _plan(items, pledge_de))
    assert created.status == 201, created.body
    sid = created.body["shipment"]["id"]
    assert created.body["mass_t"] == "190.000"
    version = 1
    for status, on in (
        ("dispatched", "2026-03-02"),
        ("at_hub", "2026-03-06"),
        ("handed_over", "2026-03-09"),
    ):
        moved = api(liaison_de).post(
            f"/api/logistics/shipments/{sid}/advance",
            {"status": status, "on": on, "version": version},
        )
        assert moved.status == 200, moved.body
        version = moved.body["shipment"]["version"]
    line = created.body["lines"][0]["id"]
    receipt = api(planner).post(
        f"/api/logistics/shipments/{sid}/receipts",
        {
            "received_on": "2026-03-11",
            "version": version,
            "counts": [
                {"line": line, "accepted": 3, "discrepancies": [{"kind": "damaged", "quantity": 1}]}
            ],
        },
    )
    assert receipt.status == 201, receipt.body
    assert receipt.body["lines"][0]["accepted"] == 3
    assert Pledge.objects.get(pk=pledge_de.pk).delivered_quantity == 3
    # Poland reads the shipment, not the discrepancy.
    seen = api(liaison_pl).get(f"/api/logistics/shipments/{sid}")
    assert seen.status == 200 and seen.body["lines"][0]["discrepancies"] == []
    assert api(liaison_de).get(f"/api/logistics/shipments/{sid}").body["lines"][0][
        "discrepancies"
    ] == [{"kind": "damaged", "quantity": 1, "description": ""}]


def test_unknown_hub_is_422_and_nothing_is_written(api, liaison_de, hubs, items):
    response = api(liaison_de).post("/api/logistics/shipments", _plan(items, hub="Atlantis"))
    assert response.status == 422
    assert "Unknown hub 'Atlantis'" in response.body["errors"]["hub"][0]
    assert not Shipment.objects.exists()


def test_stale_version_is_409(api, liaison_de, shipment_de):
    ok = api(liaison_de).post(
        f"/api/logistics/shipments/{shipment_de.pk}/advance",
        {"status": "dispatched", "on": "2026-03-02", "version": 1},
    )
    assert ok.status == 200
    stale = api(liaison_de).post(
        f"/api/logistics/shipments/{shipment_de.pk}/advance",
        {"status": "at_hub", "on": "2026-03-04", "version": 1},
    )
    assert stale.status == 409 and "dispatched_on is now" in stale.body["detail"]


def test_receipt_of_more_than_shipped_is_422(api, planner, handed_over):
    line = handed_over.lines.get()
    response = api(planner).post(
        f"/api/logistics/shipments/{handed_over.pk}/receipts",
        {
            "received_on": "2026-03-11",
            "version": handed_over.version,
            "counts": [{"line": line.pk, "accepted": 5}],
        },
    )
    assert response.status == 422 and "more than the 4 shipped" in response.body["detail"]
    assert not Receipt.objects.exists()


def test_hubs_throughput_and_repairs(api, coordinator, planner, shipment_de, items):
    hubs = api(coordinator).get("/api/logistics/hubs")
    assert {h["name"] for h in hubs.body} == {"Rzeszów-Jasionka", "Wiesbaden"}
    throughput = api(coordinator).get("/api/logistics/throughput").body
    assert throughput == [
        {
            "hub": "Rzeszów-Jasionka",
            "month": "2026-03",
            "tonnes": "190.000",
            "capacity_t": "100.0",
            "shipments": 1,
            "over": True,
        }
    ]
    created = api(planner).post(
        "/api/logistics/repairs",
        {
            "item_type": items["gepard"].pk,
            "quantity": 1,
            "facility": "KNDS",
            "facility_party": "DEU",
            "sent_on": "2026-02-01",
            "expected_return": "2026-04-01",
        },
    )
    assert created.status == 201
    rid = created.body["id"]
    done = api(coordinator).post(
        f"/api/logistics/repairs/{rid}/status",
        {"status": "returned", "version": 1, "on": dt.date(2026, 3, 30).isoformat()},
    )
    assert done.status == 200 and done.body["returned_on"] == "2026-03-30"
    assert [r["status"] for r in api(coordinator).get("/api/logistics/repairs").body] == [
        "returned"
    ]
