from __future__ import annotations

from nsatu.audit.models import AuditEvent
from nsatu.flows.models import Flow


def _ids(response) -> set[int]:
    return {f["id"] for f in response.body["items"]}


def test_list_filters_and_owner_only_flow(world, api, liaison_pl, liaison_no):
    caller = api(liaison_pl)
    visible = {world.flow_de.pk, world.flow_de_child.pk, world.flow_no_child.pk}
    assert _ids(caller.get("/api/flows/")) == visible
    assert world.flow_no_owner.pk in _ids(api(liaison_no).get("/api/flows/"))
    assert _ids(caller.get("/api/flows/", source="deu")) == {world.flow_de.pk}
    assert _ids(caller.get("/api/flows/", destination="UKR")) == {
        world.flow_de_child.pk,
        world.flow_no_child.pk,
    }
    assert _ids(caller.get("/api/flows/", kind="material")) == set()
    assert caller.get("/api/flows/", kind="gold").status == 422


def test_a_hidden_parent_or_pledge_is_not_named(world, api, liaison_pl, liaison_no):
    by_id = {f["id"]: f for f in api(liaison_pl).get("/api/flows/").body["items"]}
    assert by_id[world.flow_de_child.pk]["parent"] == world.flow_de.pk
    assert by_id[world.flow_no_child.pk]["parent"] is None
    assert by_id[world.flow_no_child.pk]["pledge"] is None
    detail = api(liaison_pl).get(f"/api/flows/{world.flow_no_child.pk}").body
    assert (detail["parent"], detail["pledge"]) == (None, None)
    assert api(liaison_pl).get(f"/api/flows/{world.flow_no_owner.pk}").status == 404
    norway = api(liaison_no).get(f"/api/flows/{world.flow_no_child.pk}").body
    assert (norway["parent"], norway["pledge"]) == (
        world.flow_no_owner.pk,
        world.pledge_no_command.pk,
    )


def test_totals_count_each_euro_once_over_visible_flows(world, api, liaison_pl, liaison_no):
    polish = api(liaison_pl).get("/api/flows/totals").body
    # Norway's owner-only payment is hidden, so its visible child counts as money entering at PURL.
    assert polish == {
        "total": "590000000.00",
        "by_donor": {"DEU": "500000000.00", "PURL": "90000000.00"},
        "by_recipient": {"PURL": "200000000.00", "UKR": "390000000.00"},
    }
    norway = api(liaison_no).get("/api/flows/totals").body
    assert norway["total"] == "590000000.00"
    assert norway["by_donor"] == {"DEU": "500000000.00", "NOR": "90000000.00"}


def test_liaison_records_a_flow_valued_in_eur(world, api, liaison_de):
    response = api(liaison_de).post(
        "/api/flows/",
        {
            "source": "PURL",
            "destination": "UKR",
            "parent": world.flow_de.pk,
            "amount": "150000000",
            "currency": "EUR",
            "date": "2025-09-01",
            "description": "PURL package 3",
        },
    )
    assert response.status == 403  # a liaison records only flows from or to its own party
    response = api(liaison_de).post(
        "/api/flows/",
        {
            "source": "DEU",
            "destination": "PURL",
            "amount": "1000000",
            "currency": "USD",
            "date": "2024-06-03",
            "description": "PURL contribution",
        },
    )
    assert response.status == 201, response.body
    body = response.body
    assert body["currency"] == "USD" and body["amount"] == "1000000.00"
    assert body["amount_eur"] is not None and body["eur_rate_date"] == "2024-06-03"
    assert AuditEvent.objects.filter(action="flow.create", object_id=str(body["id"])).count() == 1


def test_coordinator_records_a_child_flow_within_its_parent(world, api, coordinator):
    too_much = api(coordinator).post(
        "/api/flows/",
        {
            "source": "PURL",
            "destination": "UKR",
            "parent": world.flow_de.pk,
            "amount": "250000000",
            "currency": "EUR",
            "date": "2025-09-01",
        },
    )
    assert too_much.status == 422 and "amount" in too_much.body["errors"]
    ok = api(coordinator).post(
        "/api/flows/",
        {
            "source": "PURL",
            "destination": "UKR",
            "parent": world.flow_de.pk,
            "amount": "200000000",
            "currency": "EUR",
            "date": "2025-09-01",
        },
    )
    assert ok.status == 201 and ok.body["parent"] == world.flow_de.pk


def test_bad_references_are_422_naming_the_field(world, api, coordinator, liaison_pl):
    before = (Flow.objects.count(), AuditEvent.objects.count())
    base = {
        "source": "POL",
        "destination": "UKR",
        "amount": "10",
        "currency": "EUR",
        "date": "2025-09-01",
    }
    for body, field in [
        ({**base, "source": "XXX"}, "source"),
        ({**base, "destination": "POL"}, "destination"),
        ({**base, "parent": world.flow_no_owner.pk}, "parent"),  # hidden from Poland
        ({**base, "pledge": world.pledge_de_owner.pk}, "pledge"),  # hidden from Poland
        ({**base, "item_type": 424242}, "item_type"),
        ({**base, "currency": "XYZ"}, "currency"),
        ({**base, "kind": "money", "amount": None}, "amount"),
    ]:
        response = api(liaison_pl).post("/api/flows/", body)
        assert response.status == 422, (field, response.body)
        assert field in response.body["errors"], (field, response.body)
    assert (Flow.objects.count(), AuditEvent.objects.count()) == before


def test_analyst_and_auditor_read_public_flows_only(world, api, analyst, auditor):
    for person in (analyst, auditor):
        assert api(person).get("/api/flows/").body == {
            "items": [],
            "count": 0,
            "count_exact": True,
            "next": None,
        }
        assert (
            api(person)
            .post(
                "/api/flows/",
                {"source": "POL", "destination": "UKR", "amount": "1", "currency": "EUR"},
            )
            .status
            == 403
        )


def test_unknown_fields_and_zero_quantities_are_422(world, api, liaison_de):
    body = {
        "source": "DEU",
        "destination": "UKR",
        "amount": "1000",
        "currency": "EUR",
        "date": "2025-03-03",
    }
    before = Flow.objects.count()
    for extra, field in [
        ({"owner": "POL"}, "owner"),
        ({"amount_eur": "5"}, "amount_eur"),
        ({"kind": "material", "quantity": 0}, "quantity"),
    ]:
        response = api(liaison_de).post("/api/flows/", body | extra)
        assert response.status == 422, response.body
        assert list(response.body["errors"]) == [field], response.body
    assert Flow.objects.count() == before


def test_the_command_may_not_record_a_flow_it_could_not_read_back(world, api, coordinator):
    before = (Flow.objects.count(), AuditEvent.objects.count())
    body = {
        "source": "POL",
        "destination": "UKR",
        "amount": "1000",
        "currency": "EUR",
        "releasability": "owner",
    }
    response = api(coordinator).post("/api/flows/", body)
    assert response.status == 422, response.body
    assert (
        'A record of Poland marked "Owner only" would not be readable by you'
        in response.body["errors"]["releasability"][0]
    )
    assert (Flow.objects.count(), AuditEvent.objects.count()) == before
