from __future__ import annotations


def test_actions_flag_overdue_and_hide_other_meetings(council, api, liaison_de):
    body = api(liaison_de).get("/api/council/actions").body
    flags = {a["id"]: a["overdue"] for a in body["items"]}
    assert flags == {council.overdue.pk: True, council.done.pk: False, council.ahead.pk: False}
    assert api(liaison_de).get(f"/api/council/actions/{council.secret_action.pk}").status == 404
    overdue = api(liaison_de).get("/api/council/actions", overdue=True).body["items"]
    assert [a["id"] for a in overdue] == [council.overdue.pk]


def test_meeting_detail_and_decision_with_actions(council, api, coordinator, liaison_de):
    detail = api(liaison_de).get(f"/api/council/meetings/{council.meeting.pk}").body
    (decision,) = detail["decisions"]
    assert len(decision["actions"]) == 3 and detail["level_label"] == "Foreign ministers"
    body = {
        "text": "Allies back a medical rehabilitation project",
        "source_url": "https://example.org/rehab",
        "actions": [{"title": "Name a lead nation", "owner": "deu", "due_date": "2027-02-01"}],
    }
    path = f"/api/council/meetings/{council.meeting.pk}/decisions"
    assert api(liaison_de).post(path, body).status == 403
    hidden = api(coordinator).post(
        path, {**body, "actions": [{"title": "x", "owner": "UKR", "pledge": 999999}]}
    )
    assert hidden.status == 422 and "pledge" in hidden.body["errors"]
    created = api(coordinator).post(path, body)
    assert created.status == 201 and len(created.body["decisions"]) == 2


def test_patch_status_with_version(council, api, liaison_de):
    path = f"/api/council/actions/{council.ahead.pk}"
    done = api(liaison_de).patch(path, {"version": 1, "status": "done"})
    assert done.status == 200 and done.body["done_on"] is not None
    assert api(liaison_de).patch(path, {"version": 1, "status": "cancelled"}).status == 409


def test_create_a_meeting(api, coordinator, people):
    body = {
        "date": "2024-02-15",
        "level": "defence",
        "place": "Brussels",
        "source_url": "https://example.org/x",
    }
    created = api(coordinator).post("/api/council/meetings", body)
    assert created.status == 201 and created.body["level"] == "defence"
    assert api(coordinator).post("/api/council/meetings", {**body, "source_url": ""}).status == 422
