from __future__ import annotations

from django.test import Client
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.production.models import JointProject, ProjectStatus
from nsatu.production.tables import PAGE_HEADER


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_filters_sorts_and_downloads_csv(project, coordinator, parties):
    JointProject.objects.create(name="Another", status=ProjectStatus.PROPOSED, owner=parties["POL"])
    client = _client(coordinator)
    page = client.get(reverse("production:list"), {"status": "agreed", "sort": "-name"})
    assert [p.name for p in page.context["page"].object_list] == ["Shells together"]
    sorted_page = client.get(reverse("production:list"), {"sort": "-name"})
    assert [p.name for p in sorted_page.context["page"].object_list] == [
        "Shells together",
        "Another",
    ]
    csv = client.get(reverse("production:list"), {"format": "csv", "partner": "nobody"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.getvalue().decode("utf-8-sig").strip().splitlines() == [
        ",".join(str(label) for label in PAGE_HEADER)
    ]


def test_detail_shows_the_schedule_and_why_it_feeds(project, coordinator):
    page = _client(coordinator).get(reverse("production:detail", args=[project.pk]))
    assert page.status_code == 200
    assert page.context["p"].gaps == []
    assert b"2027-02" in page.content and b"feeds-plan" in page.content


def test_a_project_without_capacity_says_why_it_cannot_feed(coordinator, parties, shell):
    bare = JointProject.objects.create(
        name="No figures", status=ProjectStatus.AGREED, item_type=shell, owner=parties["DEU"]
    )
    page = _client(coordinator).get(reverse("production:detail", args=[bare.pk]))
    gaps = " ".join(page.context["p"].gaps)
    assert "No capacity has been published" in gaps and "No funds pledge" in gaps


def test_create_from_the_page(coordinator, shell):
    client = _client(coordinator)
    response = client.post(
        reverse("production:create"),
        {
            "name": "New line",
            "lead": "NOR",
            "item_type": shell.pk,
            "status": "proposed",
            "releasability": "participants",
            "source_url": "https://example.org/a",
        },
    )
    project = JointProject.objects.get(name="New line")
    assert response.status_code == 302 and project.owner and project.owner.code == "NOR"


def test_edit_forms_from_the_detail_page(project, liaison_de, liaison_pl):
    url = reverse("production:capacity", args=[project.pk])
    done = _client(liaison_de).post(url, {"from_month": "2027-08", "units_per_month": 300})
    assert done.status_code == 302
    assert project.capacities.count() == 2
    refused = _client(liaison_pl).post(url, {"from_month": "2027-09", "units_per_month": 1})
    assert refused.status_code == 403 and project.capacities.count() == 2


def test_a_hidden_project_is_a_404_and_a_hidden_pledge_a_restricted_one(
    project, coordinator, liaison_pl, funds_pledge
):
    hidden = JointProject.objects.create(
        name="Secret", owner=project.owner, releasability=Releasability.OWNER
    )
    assert (
        _client(liaison_pl).get(reverse("production:detail", args=[hidden.pk])).status_code == 404
    )
    funds_pledge.releasability = Releasability.OWNER
    funds_pledge.save()
    page = _client(liaison_pl).get(reverse("production:detail", args=[project.pk]))
    assert b"restricted" in page.content
    api = _client(liaison_pl).get(f"/api/production/projects/{project.pk}")
    assert api.json()["funding"][0] == {
        "pledge": None,
        "pledge_restricted": True,
        "flow": None,
        "flow_restricted": False,
        "note": "",
        "source_url": "",
    }


def test_api_lists_projects(project, coordinator):
    body = _client(coordinator).get("/api/production/projects").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["feeds_plan"] is True and row["capacities"][0]["units_per_month"] == 100
