from __future__ import annotations

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.pledges.models import Pledge, Tranche


def _ids(response) -> set[int]:
    return {p["id"] for p in response.body["items"]}


def test_owner_only_german_pledge_is_hidden_from_poland_and_the_command(
    world, api, liaison_de, liaison_pl, coordinator, planner
):
    secret = world.pledge_de_owner.pk
    assert secret in _ids(api(liaison_de).get("/api/pledges/"))
    assert api(liaison_de).get(f"/api/pledges/{secret}").status == 200
    for person in (liaison_pl, coordinator, planner):
        assert secret not in _ids(api(person).get("/api/pledges/")), person.username
        hidden = api(person).get(f"/api/pledges/{secret}")
        missing = api(person).get("/api/pledges/987654321")
        # Same status and body as a pledge that never existed.
        assert (
            (hidden.status, hidden.body)
            == (missing.status, missing.body)
            == (404, {"detail": "Not found."})
        )


def test_command_releasability_is_for_the_command_and_the_owner(
    world, api, coordinator, liaison_no, liaison_pl
):
    norwegian = world.pledge_no_command.pk
    assert norwegian in _ids(api(coordinator).get("/api/pledges/"))
    assert norwegian in _ids(api(liaison_no).get("/api/pledges/"))
    assert norwegian not in _ids(api(liaison_pl).get("/api/pledges/"))


def test_list_filters(world, api, liaison_de):
    caller = api(liaison_de)
    assert _ids(caller.get("/api/pledges/", donor="deu")) == {
        world.pledge_de_owner.pk,
        world.pledge_de.pk,
    }
    assert _ids(caller.get("/api/pledges/", status="committed")) == {
        world.pledge_de_owner.pk,
        world.pledge_pl.pk,
    }
    assert _ids(caller.get("/api/pledges/", kind="funds")) == {world.pledge_pl.pk}
    assert _ids(caller.get("/api/pledges/", dataset="kiel-ust-r29")) == {world.pledge_de.pk}
    assert _ids(caller.get("/api/pledges/", item_type=world.m777.pk)) == {world.pledge_de_owner.pk}
    assert _ids(caller.get("/api/pledges/", requirement=world.requirement.pk)) == {
        world.pledge_de_owner.pk,
        world.pledge_de.pk,
    }
    assert _ids(caller.get("/api/pledges/", search="purl")) == {world.pledge_pl.pk}
    assert caller.get("/api/pledges/", item_type="M777").status == 422


def test_detail_has_tranches_and_amounts_as_strings(world, api, liaison_pl):
    german = api(liaison_pl).get(f"/api/pledges/{world.pledge_de.pk}").body
    assert german["tranches"] == [
        {
            "id": german["tranches"][0]["id"],
            "available_from": "2026-09-01",
            "quantity": 2,
            "amount": None,
        }
    ]
    assert german["requirement"] == {"id": world.requirement.pk, "reference": "UA-2026-ART001"}
    assert german["dataset"] == "kiel-ust-r29"
    polish = api(liaison_pl).get(f"/api/pledges/{world.pledge_pl.pk}").body
    assert polish["amount"] == "1000000.50" and polish["value_eur"] == "1000000.50"


def test_a_pledge_does_not_name_a_requirement_the_caller_may_not_see(
    world, api, planner, liaison_de
):
    Pledge.objects.filter(pk=world.pledge_de.pk).update(
        requirement=world.draft
    )  # Ukraine's owner-only draft
    path = f"/api/pledges/{world.pledge_de.pk}"
    assert api(planner).get(path).body["requirement"]["reference"] == "UA-2026-AD0002"
    assert api(liaison_de).get(path).body["requirement"] is None
    listed = {p["id"]: p for p in api(liaison_de).get("/api/pledges/").body["items"]}
    assert listed[world.pledge_de.pk]["requirement"] is None
    assert listed[world.pledge_de_owner.pk]["requirement"]["reference"] == "UA-2026-ART001"


def test_coordinator_names_the_donor(world, api, coordinator):
    response = api(coordinator).post(
        "/api/pledges/", {"description": "Demining kits", "quantity": 40}
    )
    assert response.status == 422 and "donor" in response.body["errors"]
    named = api(coordinator).post(
        "/api/pledges/", {"donor": "NOR", "description": "Demining kits", "quantity": 40}
    )
    assert named.status == 201 and named.body["donor"]["code"] == "NOR"


def test_liaison_records_a_pledge_for_its_own_party(world, api, liaison_de):
    response = api(liaison_de).post(
        "/api/pledges/",
        {
            "item_type": world.fh70.pk,
            "quantity": 6,
            "requirement": world.requirement.pk,
            "announced_on": "2026-03-02",
            "releasability": "owner",
        },
    )
    assert response.status == 201, response.body
    body = response.body
    assert (body["donor"]["code"], body["recipient"]["code"], body["status"], body["version"]) == (
        "DEU",
        "UKR",
        "announced",
        1,
    )
    assert AuditEvent.objects.filter(action="pledge.create", object_id=str(body["id"])).count() == 1


def test_a_planner_cannot_change_a_pledge_of_germany(world, api, planner):
    path = f"/api/pledges/{world.pledge_de.pk}"
    events = AuditEvent.objects.count()
    for response in (
        api(planner).patch(path, {"version": 1, "quantity": 30}),
        api(planner).post(f"{path}/status", {"status": "committed", "version": 1}),
        api(planner).post(f"{path}/tranches", {"available_from": "2026-10-01", "quantity": 1}),
    ):
        assert response.status == 403
        assert "Recipient planner" in response.body["detail"]
    assert Pledge.objects.get(pk=world.pledge_de.pk).quantity == 3
    assert AuditEvent.objects.count() == events


def test_a_polish_liaison_cannot_pledge_for_germany(world, api, liaison_pl):
    response = api(liaison_pl).post(
        "/api/pledges/", {"donor": "DEU", "description": "x", "quantity": 1}
    )
    assert response.status == 403
    assert "Germany" in response.body["detail"]


def test_update_status_and_tranche_each_leave_an_audit_event(world, api, liaison_de):
    caller = api(liaison_de)
    # Germany's own pledge, entered in nsatu: all its figures are editable (an imported one keeps the source's).
    path = f"/api/pledges/{world.pledge_de_owner.pk}"
    updated = caller.patch(path, {"version": 1, "quantity": 5, "notes": "one more from industry"})
    assert updated.status == 200 and (updated.body["quantity"], updated.body["version"]) == (5, 2)
    allocated = caller.post(f"{path}/status", {"status": "allocated", "version": 2})
    assert allocated.status == 200 and allocated.body["status"] == "allocated"
    tranche = caller.post(f"{path}/tranches", {"available_from": "2027-01-15", "quantity": 3})
    assert tranche.status == 201 and tranche.body["quantity"] == 3
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-3:]
    assert actions == ["pledge.update", "pledge.allocated", "tranche.create"]


def test_stale_version_gives_409_with_what_changed(world, api, liaison_de):
    caller = api(liaison_de)
    path = f"/api/pledges/{world.pledge_de_owner.pk}"
    assert caller.post(f"{path}/status", {"status": "allocated", "version": 1}).status == 200
    stale = caller.patch(path, {"version": 1, "quantity": 9})
    assert stale.status == 409
    assert "status is now 'allocated'" in stale.body["detail"]
    assert Pledge.objects.get(pk=world.pledge_de_owner.pk).quantity == 4


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"donor": "XXX", "description": "x", "quantity": 1}, "donor"),
        ({"recipient": "ZZZ", "description": "x", "quantity": 1}, "recipient"),
        ({"item_type": 999999, "quantity": 1}, "item_type"),
        ({"description": "x", "quantity": 1, "requirement": 999999}, "requirement"),
        ({"description": "x", "quantity": -1}, "quantity"),
        ({"kind": "funds"}, "amount"),
        ({"kind": "funds", "amount": "12.345"}, "amount"),
        ({"kind": "in_kind"}, "item_type"),
        ({"description": "x", "quantity": 1, "status": "promised"}, "status"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_writes_nothing(world, api, liaison_de, body, field):
    before = (Pledge.objects.count(), AuditEvent.objects.count())
    response = api(liaison_de).post("/api/pledges/", body)
    assert response.status == 422, response.body
    assert field in response.body["errors"], response.body
    assert (Pledge.objects.count(), AuditEvent.objects.count()) == before


def test_a_requirement_the_liaison_cannot_see_is_an_unknown_reference(world, api, liaison_de):
    # Ukraine's owner-only draft exists, but the answer is the same as for an id that does not.
    hidden = api(liaison_de).post(
        "/api/pledges/", {"description": "x", "quantity": 1, "requirement": world.draft.pk}
    )
    missing = api(liaison_de).post(
        "/api/pledges/", {"description": "x", "quantity": 1, "requirement": 999999}
    )
    assert hidden.status == missing.status == 422
    assert hidden.body["errors"]["requirement"][0].replace(
        str(world.draft.pk), "N"
    ) == missing.body["errors"]["requirement"][0].replace("999999", "N")


def test_tranches_beyond_the_pledge_are_refused(world, api, liaison_de):
    response = api(liaison_de).post(
        f"/api/pledges/{world.pledge_de.pk}/tranches",
        {"available_from": "2026-10-01", "quantity": 2},
    )
    assert response.status == 422
    assert response.body["errors"]["quantity"][0].startswith("Tranches would total 4")
    assert Tranche.objects.filter(pledge=world.pledge_de).count() == 1


def test_climbing_the_ladder_by_two_steps_is_refused(world, api, liaison_de):
    response = api(liaison_de).post(
        f"/api/pledges/{world.pledge_de.pk}/status", {"status": "delivered", "version": 1}
    )
    assert response.status == 422 and "one step up the ladder" in response.body["detail"]


def test_writing_to_a_hidden_pledge_is_404(world, api, liaison_pl):
    response = api(liaison_pl).patch(
        f"/api/pledges/{world.pledge_de_owner.pk}", {"version": 1, "quantity": 1}
    )
    assert (response.status, response.body) == (404, {"detail": "Not found."})


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1, "donor": "POL"},
        {"version": 1, "owner": "POL"},
        {"version": 1, "status": "delivered"},
        {"version": 1, "value_eur": "1.00"},
    ],
)
def test_a_patch_naming_a_field_it_cannot_set_is_422_not_silently_dropped(
    world, api, liaison_de, body
):
    field = next(k for k in body if k != "version")
    events = AuditEvent.objects.count()
    response = api(liaison_de).patch(f"/api/pledges/{world.pledge_de_owner.pk}", body)
    assert response.status == 422, response.body
    assert response.body["errors"] == {
        field: [f"{field} is not a field of this request; it cannot be set here."]
    }
    fresh = Pledge.objects.get(pk=world.pledge_de_owner.pk)
    assert (fresh.donor.code, fresh.owner.code, fresh.status, fresh.version) == (
        "DEU",
        "DEU",
        "committed",
        1,
    )
    assert AuditEvent.objects.count() == events


def test_unknown_fields_on_create_status_and_tranche_are_422(world, api, liaison_de):
    caller = api(liaison_de)
    path = f"/api/pledges/{world.pledge_de_owner.pk}"
    assert caller.post("/api/pledges/", {"description": "x", "quantity": 1, "owner": "POL"}).body[
        "errors"
    ] == {"owner": ["owner is not a field of this request; it cannot be set here."]}
    assert list(
        caller.post(f"{path}/status", {"status": "allocated", "version": 1, "why": "x"}).body[
            "errors"
        ]
    ) == ["why"]
    assert list(
        caller.post(
            f"{path}/tranches", {"available_from": "2027-01-01", "quantity": 1, "hub_id": 3}
        ).body["errors"]
    ) == ["hub_id"]


def test_quantities_are_at_least_one(world, api, liaison_de):
    caller = api(liaison_de)
    before = (Pledge.objects.count(), Tranche.objects.count())
    assert list(
        caller.post("/api/pledges/", {"description": "x", "quantity": 0}).body["errors"]
    ) == ["quantity"]
    patched = caller.patch(
        f"/api/pledges/{world.pledge_de_owner.pk}", {"version": 1, "quantity": 0}
    )
    assert list(patched.body["errors"]) == ["quantity"]
    tranche = caller.post(
        f"/api/pledges/{world.pledge_de_owner.pk}/tranches",
        {"available_from": "2027-01-01", "quantity": 0},
    )
    assert list(tranche.body["errors"]) == ["quantity"]
    assert (Pledge.objects.count(), Tranche.objects.count()) == before
    assert Pledge.objects.get(pk=world.pledge_de_owner.pk).quantity == 4


def test_the_command_may_not_record_a_pledge_it_could_not_read_back(world, api, coordinator):
    before = (Pledge.objects.count(), AuditEvent.objects.count())
    body = {
        "donor": "DEU",
        "description": "IRIS-T SLM launcher",
        "quantity": 1,
        "releasability": "owner",
    }
    response = api(coordinator).post("/api/pledges/", body)
    assert response.status == 422, response.body
    assert response.body["errors"] == {
        "releasability": [
            'A record of Germany marked "Owner only" would not be readable by you once saved. Choose one of: Public, '
            "All participants, Command only."
        ]
    }
    assert (Pledge.objects.count(), AuditEvent.objects.count()) == before
    # Command-only stays readable by the command: recorded, and read back in the answer.
    created = api(coordinator).post("/api/pledges/", body | {"releasability": "command"})
    assert created.status == 201 and created.body["releasability"] == "command"
