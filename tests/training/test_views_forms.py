"""The course and cohort pages: create and edit a course, plan a cohort, enrol, record graduates; buttons only for
those the rules allow, the services refusing the rest; pickers offer only what the user may see."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.training.models import Cohort, Course


def _course_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "host": "DEU",
        "name": "Leopard 2 crew",
        "site": "Munster",
        "skill": "crew",
        "duration_weeks": 6,
        "seats_per_cohort": 16,
        "concurrent_cohorts": 1,
        "releasability": Releasability.PARTICIPANTS,
    }
    data.update(overrides)
    return data


def _leopard() -> ItemType:
    return ItemType.objects.create(
        name="Leopard 2A4 (test)",
        category="mbt",
        capability_area=CapabilityArea.ARMOUR,
        releasability=Releasability.PUBLIC,
    )


def test_the_coordinator_creates_a_course_from_the_page(as_user, coordinator, parties, training):
    leopard = _leopard()
    client = as_user(coordinator)
    assert 'data-testid="new-course"' in client.get("/training/").content.decode()
    response = client.post(
        "/training/courses/new/",
        _course_post(item_type=leopard.pk, prerequisites=[training.language.pk]),
    )
    course = Course.objects.get(name="Leopard 2 crew")
    assert response.status_code == 302 and response["Location"] == f"/training/courses/{course.pk}/"
    assert (course.host.code, course.owner_id, course.item_type_id) == (
        "DEU",
        parties["DEU"].pk,
        leopard.pk,
    )
    assert list(course.prerequisites.all()) == [training.language]
    assert AuditEvent.objects.filter(action="course.create", object_id=str(course.pk)).exists()


def test_a_crew_course_without_item_type_is_refused_next_to_the_field(
    as_user, coordinator, training
):
    response = as_user(coordinator).post("/training/courses/new/", _course_post())
    assert response.status_code == 400
    form = response.context["form"]
    assert "item_type" in form.errors and "name it" in form.errors["item_type"][0]
    assert 'id="id_item_type_error"' in response.content.decode()
    assert not Course.objects.filter(name="Leopard 2 crew").exists()


def test_a_liaison_is_offered_only_his_nation_and_what_he_may_see(as_user, liaison_de, training):
    secret = ItemType.objects.create(
        name="Polish owner-only type",
        category="mbt",
        capability_area=CapabilityArea.ARMOUR,
        owner=training.polish_secret.host,
        releasability=Releasability.OWNER,
    )
    page = as_user(liaison_de).get("/training/courses/new/")
    form = page.context["form"]
    assert [p.code for p in form.fields["host"].queryset] == ["DEU"]
    assert secret not in form.fields["item_type"].queryset
    assert training.polish_secret not in form.fields["prerequisites"].queryset
    html = page.content.decode()
    assert "Polish owner-only" not in html


def test_a_liaison_cannot_create_for_another_nation(as_user, liaison_de, training):
    response = as_user(liaison_de).post("/training/courses/new/", _course_post(host="POL"))
    assert response.status_code == 400 and "host" in response.context["form"].errors
    assert not Course.objects.filter(name="Leopard 2 crew").exists()


def test_readers_get_no_buttons_and_are_turned_away(as_user, analyst, liaison_pl, training):
    client = as_user(analyst)
    assert 'data-testid="new-course"' not in client.get("/training/").content.decode()
    refused = client.get("/training/courses/new/")
    assert refused.status_code == 302 and refused["Location"] == "/training/"
    assert client.post("/training/courses/new/", _course_post()).status_code == 302
    # The Polish liaison reads the German course but may not write it: no forms, and a forged POST is refused.
    polish = as_user(liaison_pl)
    page = polish.get(f"/training/courses/{training.pilots.pk}/")
    assert page.status_code == 200 and page.context["cohort_form"] is None
    assert 'data-testid="edit-course"' not in page.content.decode()
    before = Cohort.objects.count()
    forged = polish.post(
        f"/training/courses/{training.pilots.pk}/cohorts/new/", {"start": "2027-01-04"}
    )
    assert forged.status_code == 302 and Cohort.objects.count() == before
    edit = polish.get(f"/training/courses/{training.pilots.pk}/edit/")
    assert edit.status_code == 302


def test_a_hidden_course_is_not_found(as_user, liaison_de, training):
    client = as_user(liaison_de)
    secret = training.polish_secret.pk
    assert client.get(f"/training/courses/{secret}/").status_code == 404
    assert client.get(f"/training/courses/{secret}/edit/").status_code == 404
    cohort = training.polish_secret.cohorts.get()
    assert client.get(f"/training/cohorts/{cohort.pk}/enrol/").status_code == 404


def test_the_host_edits_a_course_and_a_stale_version_is_refused(as_user, liaison_de, training):
    client = as_user(liaison_de)
    course = training.language
    url = f"/training/courses/{course.pk}/edit/"
    form = client.get(url).context["form"]
    assert "host" not in form.fields and form.initial["version"] == course.version
    data = {
        "name": "English for aviators (B2)",
        "site": "Fürstenfeldbruck",
        "skill": "language",
        "duration_weeks": 14,
        "seats_per_cohort": 10,
        "concurrent_cohorts": 2,
        "version": course.version,
    }
    assert client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert (course.name, course.site, course.duration_weeks, course.version) == (
        "English for aviators (B2)",
        "Fürstenfeldbruck",
        14,
        2,
    )
    stale = client.post(url, data | {"name": "Other name", "version": 1})
    assert stale.status_code == 409
    course.refresh_from_db()
    assert course.name == "English for aviators (B2)"


def test_plan_enrol_and_graduate_a_cohort(as_user, liaison_de, training):
    client = as_user(liaison_de)
    course = training.language
    start = timezone.localdate() - dt.timedelta(weeks=14)
    planned = client.post(
        f"/training/courses/{course.pk}/cohorts/new/", {"start": start.isoformat()}
    )
    assert planned.status_code == 302
    cohort = Cohort.objects.get(course=course, start=start)
    assert (cohort.end, cohort.seats) == (start + dt.timedelta(weeks=12), 8)

    too_many = client.post(
        f"/training/cohorts/{cohort.pk}/enrol/", {"enrolled": 9, "version": cohort.version}
    )
    assert too_many.status_code == 400 and "enrolled" in too_many.context["form"].errors
    assert (
        client.post(
            f"/training/cohorts/{cohort.pk}/enrol/", {"enrolled": 8, "version": cohort.version}
        ).status_code
        == 302
    )
    cohort.refresh_from_db()
    graduated = client.post(
        f"/training/cohorts/{cohort.pk}/graduate/", {"graduated": 7, "version": cohort.version}
    )
    assert graduated.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.enrolled, cohort.graduated) == (8, 7)
    page = client.get(f"/training/courses/{course.pk}/").content.decode()
    assert f'data-cohort="{cohort.pk}"' in page
    exported = list(
        csv.reader(
            io.StringIO(
                client.get(f"/training/courses/{course.pk}/?format=csv")
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert exported[0] == ["Course", "Start", "End", "Seats", "Enrolled", "Graduated"]
    assert [course.name, start.isoformat(), cohort.end.isoformat(), "8", "8", "7"] in exported


def test_graduates_wait_for_the_cohort_to_end(as_user, liaison_de, training):
    client = as_user(liaison_de)
    start = timezone.localdate() + dt.timedelta(days=7)
    client.post(f"/training/courses/{training.language.pk}/cohorts/new/", {"start": start})
    cohort = Cohort.objects.get(course=training.language, start=start)
    refused = client.post(
        f"/training/cohorts/{cohort.pk}/graduate/", {"graduated": 0, "version": cohort.version}
    )
    assert refused.status_code == 400
    assert "once it has ended" in refused.context["form"].errors["graduated"][0]
    cohort.refresh_from_db()
    assert cohort.graduated is None


def test_a_bad_cohort_is_shown_on_the_course_page(as_user, liaison_de, training):
    response = as_user(liaison_de).post(
        f"/training/courses/{training.language.pk}/cohorts/new/",
        {"start": "2027-03-01", "end": "2027-02-01"},
    )
    assert response.status_code == 400
    assert "end" in response.context["cohort_form"].errors
    assert 'id="id_end_error"' in response.content.decode()


def test_the_course_list_filters_pages_and_downloads(as_user, coordinator, training):
    client = as_user(coordinator)
    pilots = client.get("/training/?skill=pilot")
    names = [c.name for c in pilots.context["courses"]]
    assert names == ["F-16 conversion"]
    assert f'href="/training/courses/{training.pilots.pk}/"' in pilots.content.decode()
    exported = list(
        csv.DictReader(
            io.StringIO(
                client.get("/training/?skill=language&format=csv").getvalue().decode("utf-8-sig")
            )
        )
    )
    assert [(r["Course"], r["Skill"], r["Host nation"]) for r in exported] == [
        ("English for aviators", "Language", "Germany")
    ]
    assert [c.name for c in client.get("/training/?host=pol").context["courses"]] == []


def test_a_forged_edit_by_another_nation_is_refused_by_the_service(as_user, liaison_pl, training):
    course = training.language
    response = as_user(liaison_pl).post(
        f"/training/courses/{course.pk}/edit/",
        {
            "name": "Renamed by Poland",
            "skill": "language",
            "duration_weeks": 12,
            "seats_per_cohort": 8,
            "concurrent_cohorts": 1,
            "version": course.version,
        },
    )
    assert response.status_code == 403
    assert "only for courses its own nation hosts" in response.content.decode()
    course.refresh_from_db()
    assert course.name == "English for aviators"
