from __future__ import annotations

from django.test import Client

from nsatu.roadmap.models import MilestoneLink


def test_list_flags_overdue_and_filters_by_coalition(road, api, liaison_de):
    body = api(liaison_de).get("/api/roadmap/milestones").body
    assert body["count"] == 3
    flags = {m["id"]: m["overdue"] for m in body["items"]}
    assert flags[road.overdue.pk] is True and flags[road.ahead.pk] is False
    by_coalition = api(liaison_de).get("/api/roadmap/milestones", coalition=road.coalition.pk).body
    assert {m["id"] for m in by_coalition["items"]} == {road.overdue.pk, road.ahead.pk}
    assert api(liaison_de).get(f"/api/roadmap/milestones/{road.polish_secret.pk}").status == 404


def test_create_patch_and_link_with_roles(road, api, coordinator, planner, liaison_de):
    body = {"title": "Join NATO standardisation bodies", "area": "standards", "owner": "ukr"}
    assert api(planner).post("/api/roadmap/milestones", body).status == 403
    created = api(coordinator).post("/api/roadmap/milestones", body)
    assert created.status == 201 and created.body["owner_code"] == "UKR"
    path = f"/api/roadmap/milestones/{created.body['id']}"
    moved = api(planner).patch(path, {"version": 1, "status": "in_progress"})
    assert moved.status == 200 and moved.body["status"] == "in_progress"
    assert api(planner).patch(path, {"version": 1, "title": "x"}).status == 409
    hidden = api(coordinator).post(f"{path}/links", {"pledge": road.pledge_secret.pk})
    assert hidden.status == 422 and "pledge" in hidden.body["errors"]
    linked = api(coordinator).post(f"{path}/links", {"course": road.course.pk})
    assert linked.status == 201
    kinds = {link["kind"] for link in linked.body["links"]}
    assert "course" in kinds


def test_a_hidden_link_target_is_null_and_restricted(road, api, coordinator, liaison_de):
    MilestoneLink.objects.create(
        milestone=road.ahead, pledge=road.pledge_secret, linked_by=coordinator
    )
    (link,) = api(liaison_de).get(f"/api/roadmap/milestones/{road.ahead.pk}").body["links"]
    assert link == {
        "id": link["id"],
        "kind": "pledge",
        "target_id": None,
        "label": "a restricted pledge",
        "restricted": True,
    }


def test_unlink_through_the_api(road, coordinator):
    link = MilestoneLink.objects.create(
        milestone=road.ahead, course=road.course, linked_by=coordinator
    )
    client = Client()
    client.force_login(coordinator)
    response = client.delete(f"/api/roadmap/milestones/{road.ahead.pk}/links/{link.pk}")
    assert response.status_code == 204 and not MilestoneLink.objects.exists()


def test_summary(road, api, analyst):
    body = api(analyst).get("/api/roadmap/summary").body
    assert (body["total"], body["overdue"]) == (3, 1)
    assert body["by_area_and_status"]["standards"]["in_progress"] == 1
