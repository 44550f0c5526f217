from __future__ import annotations


def test_courses_hide_what_the_caller_may_not_see(training, api, liaison_de, liaison_pl):
    names = {c["name"] for c in api(liaison_de).get("/api/training/courses").body["items"]}
    assert names == {"English for aviators", "F-16 conversion"}
    names = {c["name"] for c in api(liaison_pl).get("/api/training/courses").body["items"]}
    assert "Polish owner-only course" in names
    assert api(liaison_de).get(f"/api/training/courses/{training.polish_secret.pk}").status == 404
    detail = api(liaison_de).get(f"/api/training/courses/{training.pilots.pk}").body
    assert detail["prerequisites"] == [{"id": training.language.pk, "name": "English for aviators"}]


def test_create_and_update_cohorts_with_roles_and_versions(
    training, api, liaison_de, liaison_pl, planner
):
    body = {"course": training.pilots.pk, "start": "2026-03-02"}
    assert api(planner).post("/api/training/cohorts", body).status == 403
    assert api(liaison_pl).post("/api/training/cohorts", body).status == 403
    created = api(liaison_de).post("/api/training/cohorts", body)
    assert created.status == 201 and (created.body["end"], created.body["seats"]) == (
        "2026-08-17",
        4,
    )
    hidden = api(liaison_de).post(
        "/api/training/cohorts", {"course": training.polish_secret.pk, "start": "2026-03-02"}
    )
    assert hidden.status == 422 and "course" in hidden.body["errors"]
    path = f"/api/training/cohorts/{created.body['id']}"
    assert api(liaison_de).patch(path, {"version": 1, "enrolled": 4}).status == 200
    stale = api(liaison_de).patch(path, {"version": 1, "enrolled": 3})
    assert stale.status == 409 and "enrolled is now 4" in stale.body["detail"]
    too_many = api(liaison_de).patch(path, {"version": 2, "graduated": 5})
    assert too_many.status == 422 and "graduated" in too_many.body["errors"]


def test_create_a_course_with_a_prerequisite(training, api, liaison_de):
    body = {
        "name": "F-16 maintainers",
        "host": "deu",
        "skill": "maintainer",
        "duration_weeks": 20,
        "seats_per_cohort": 10,
        "item_type": training.f16.pk,
        "per_unit": 3,
        "prerequisites": [training.language.pk],
    }
    created = api(liaison_de).post("/api/training/courses", body)
    assert (
        created.status == 201 and created.body["prerequisites"][0]["name"] == "English for aviators"
    )
    no_item = api(liaison_de).post(
        "/api/training/courses", {**body, "name": "Other", "item_type": None}
    )
    assert no_item.status == 422 and "item_type" in no_item.body["errors"]


def test_readiness_and_quarters(training, api, liaison_de):
    (row,) = api(liaison_de).get("/api/training/readiness").body
    assert (row["item_type"]["name"], row["crews_needed"], row["crews_ready"], row["gap"]) == (
        "F-16 (test)",
        6,
        2,
        4,
    )
    assert [p["course"]["name"] for p in row["proposals"]][-1] == "F-16 conversion"
    assert api(liaison_de).get("/api/training/by-quarter").body == [
        {"label": "2025-Q4", "graduated": 2, "expected": 0, "seats": 4}
    ]
