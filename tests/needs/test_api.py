from __future__ import annotations

from nsatu.accounts.models import User
from nsatu.accounts.services import api_token_issue
from nsatu.audit.models import AuditEvent
from nsatu.core.actors import Role
from nsatu.needs.models import Requirement
from tests.fixtures.api import ApiCaller


def _refs(response) -> list[str]:
    return [r["reference"] for r in response.body["items"]]


NEW = {
    "title": "155mm ammunition for M777 batteries",
    "capability_area": "artillery",
    "quantity": "20000",
    "description": "155mm rounds for the M777 batteries",
    "unit": "rounds",
    "priority": 1,
    "needed_by": "2026-12-31",
    "releasability": "participants",
}


def test_list_filters_and_owner_only_draft(world, api, planner, liaison_pl):
    assert _refs(api(planner).get("/api/requirements/")) == ["UA-2026-ART001", "UA-2026-AD0002"]
    # The draft is Ukraine's own (releasability "owner"): a donor liaison does not see it.
    assert _refs(api(liaison_pl).get("/api/requirements/")) == ["UA-2026-ART001"]
    assert api(liaison_pl).get(f"/api/requirements/{world.draft.pk}").status == 404
    caller = api(planner)
    assert _refs(caller.get("/api/requirements/", status="draft")) == ["UA-2026-AD0002"]
    assert _refs(caller.get("/api/requirements/", capability_area="artillery")) == [
        "UA-2026-ART001"
    ]
    assert _refs(caller.get("/api/requirements/", search="energy")) == ["UA-2026-AD0002"]
    assert caller.get("/api/requirements/", status="approved").status == 422


def test_detail_coverage_counts_only_firm_pledges_the_caller_may_see(
    world, api, liaison_de, coordinator
):
    path = f"/api/requirements/{world.requirement.pk}"
    german = api(liaison_de).get(path).body["coverage"]
    # Germany sees its own owner-only committed pledge of 4; the announced 3 count only as announced
    # (the stages are cumulative: announced includes what is committed).
    assert (german["committed"], german["announced"], german["gap"], german["covered_share"]) == (
        "4",
        "7",
        "6",
        "0.4000",
    )
    command = api(coordinator).get(path).body["coverage"]
    assert (command["committed"], command["announced"], command["gap"]) == ("0", "3", "10")
    assert command["unit_kind"] == "items"


def test_planner_creates_and_submits_coordinator_validates_and_publishes(
    world, api, planner, coordinator
):
    created = api(planner).post("/api/requirements/", NEW)
    assert created.status == 201, created.body
    body = created.body
    assert (body["status"], body["owner"], body["version"], body["quantity"]) == (
        "draft",
        "UKR",
        1,
        "20000.00",
    )
    assert body["transitions"] == ["submitted", "cancelled"]
    path = f"/api/requirements/{body['id']}"
    assert (
        AuditEvent.objects.filter(action="requirement.create", object_id=str(body["id"])).count()
        == 1
    )

    submitted = api(planner).post(f"{path}/transition", {"to": "submitted", "version": 1})
    assert submitted.status == 200 and submitted.body["status"] == "submitted"
    validated = api(coordinator).post(f"{path}/transition", {"to": "validated", "version": 2})
    assert validated.status == 200 and validated.body["status"] == "validated"
    published = api(coordinator).post(f"{path}/transition", {"to": "published", "version": 3})
    assert published.status == 200 and published.body["status"] == "published"
    actions = list(
        AuditEvent.objects.filter(
            object_type="needs.requirement", object_id=str(body["id"])
        ).values_list("action", flat=True)
    )
    assert actions == [
        "requirement.create",
        "requirement.submitted",
        "requirement.validated",
        "requirement.published",
    ]


def test_a_donor_liaison_cannot_validate_a_requirement(world, api, planner, liaison_de):
    created = api(planner).post("/api/requirements/", NEW).body
    api(planner).post(
        f"/api/requirements/{created['id']}/transition", {"to": "submitted", "version": 1}
    )
    events = AuditEvent.objects.count()
    refused = api(liaison_de).post(
        f"/api/requirements/{created['id']}/transition", {"to": "validated", "version": 2}
    )
    assert refused.status == 403
    assert "Donor liaison" in refused.body["detail"]
    assert Requirement.objects.get(pk=created["id"]).status == "submitted"
    assert AuditEvent.objects.count() == events


def test_others_cannot_write_requirements(world, api, liaison_de, coordinator, analyst):
    for person in (liaison_de, coordinator, analyst):
        response = api(person).post("/api/requirements/", NEW)
        assert response.status == 403, person.username
    assert not Requirement.objects.filter(title=NEW["title"]).exists()


def test_update_with_version_and_stale_version_gives_409_naming_the_change(world, api, planner):
    created = api(planner).post("/api/requirements/", NEW).body
    path = f"/api/requirements/{created['id']}"
    first = api(planner).patch(
        path, {"version": 1, "quantity": "24000", "item_type": world.m777.pk}
    )
    assert first.status == 200, first.body
    assert (first.body["version"], first.body["quantity"], first.body["item_type"]["name"]) == (
        2,
        "24000.00",
        "M777",
    )
    assert (
        AuditEvent.objects.filter(action="requirement.update", object_id=str(created["id"])).count()
        == 1
    )

    stale = api(planner).patch(path, {"version": 1, "priority": 2})
    assert stale.status == 409
    assert "version 2" in stale.body["detail"] and "quantity is now" in stale.body["detail"]
    assert "24000" in stale.body["detail"]
    assert Requirement.objects.get(pk=created["id"]).priority == 1

    stale_transition = api(planner).post(f"{path}/transition", {"to": "submitted", "version": 1})
    assert stale_transition.status == 409 and "version 2" in stale_transition.body["detail"]


def test_update_needs_the_version(world, api, planner):
    created = api(planner).post("/api/requirements/", NEW).body
    response = api(planner).patch(f"/api/requirements/{created['id']}", {"title": "No version"})
    assert response.status == 422
    assert list(response.body["errors"]) == ["version"]


def test_bad_input_is_422_naming_the_field_and_writes_nothing(world, api, planner, liaison_de):
    before = (Requirement.objects.count(), AuditEvent.objects.count())
    for body, field in [
        ({**NEW, "quantity": "0"}, "quantity"),
        ({**NEW, "priority": 9}, "priority"),
        ({**NEW, "capability_area": "space"}, "capability_area"),
        ({**NEW, "needed_by": "31/12/2026"}, "needed_by"),
        ({**NEW, "item_type": 999999}, "item_type"),
        (
            {**NEW, "item_type": world.de_prototype.pk},
            "item_type",
        ),  # Germany's owner-only item: not visible
        ({**NEW, "ammunition_family": 999999}, "ammunition_family"),
    ]:
        response = api(planner).post("/api/requirements/", body)
        assert response.status == 422, (field, response.body)
        assert field in response.body["errors"], (field, response.body)
    assert (Requirement.objects.count(), AuditEvent.objects.count()) == before


def test_published_requirement_cannot_be_edited(world, api, planner):
    response = api(planner).patch(
        f"/api/requirements/{world.requirement.pk}", {"version": 1, "title": "x"}
    )
    assert response.status == 422
    assert "only drafts can be edited" in response.body["detail"]


def test_transition_to_an_unknown_or_impossible_status(world, api, planner):
    path = f"/api/requirements/{world.draft.pk}/transition"
    assert api(planner).post(path, {"to": "approved", "version": 1}).status == 422
    impossible = api(planner).post(path, {"to": "published", "version": 1})
    assert (
        impossible.status == 422
        and "cannot go from draft to published" in impossible.body["detail"]
    )


def test_unknown_fields_are_refused_naming_them_not_dropped(world, api, planner):
    created = api(planner).post("/api/requirements/", NEW).body
    path = f"/api/requirements/{created['id']}"
    for body, field in [
        ({"version": 1, "status": "published"}, "status"),
        ({"version": 1, "owner": "POL", "title": "Taken over"}, "owner"),
        ({"version": 1, "reference": "UA-0000-000000"}, "reference"),
    ]:
        response = api(planner).patch(path, body)
        assert response.status == 422, response.body
        assert response.body["errors"] == {
            field: [f"{field} is not a field of this request; it cannot be set here."]
        }
    fresh = Requirement.objects.get(pk=created["id"])
    assert (fresh.status, fresh.owner.code, fresh.title, fresh.version) == (
        "draft",
        "UKR",
        NEW["title"],
        1,
    )
    created_with_extra = api(planner).post("/api/requirements/", {**NEW, "illustrative": True})
    assert created_with_extra.status == 422 and list(created_with_extra.body["errors"]) == [
        "illustrative"
    ]
    moved = api(planner).post(
        f"{path}/transition", {"to": "submitted", "version": 1, "force": True}
    )
    assert moved.status == 422 and list(moved.body["errors"]) == ["force"]


def test_transitions_offered_follow_the_ownership_rule(world, api, planner, parties):
    # A recipient planner of another party (a second recipient nation) sees Ukraine's requirement but may not move it.
    other = User.objects.create_user(
        username="planner.pl.test", role=Role.RECIPIENT_PLANNER, party=parties["POL"]
    )
    other_caller = ApiCaller(api_token_issue(actor=other, name="tests")[1])
    path = f"/api/requirements/{world.requirement.pk}"
    assert api(planner).get(path).body["transitions"] == ["cancelled"]
    assert other_caller.get(path).body["transitions"] == []
    refused = other_caller.post(f"{path}/transition", {"to": "cancelled", "version": 1})
    assert refused.status == 403
