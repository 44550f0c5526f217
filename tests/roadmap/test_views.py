from __future__ import annotations

import csv
import io
import re

from nsatu.roadmap.models import Milestone, MilestoneLink


def test_timeline_groups_by_quarter_and_flags_the_overdue(road, as_user, liaison_de):
    html = as_user(liaison_de).get("/roadmap/").content.decode()
    assert len(re.findall(r'<tr data-milestone="\d+"', html)) == 3
    overdue_row = re.search(
        rf'<tr data-milestone="{road.overdue.pk}" class="overdue">(.*?)</tr>', html, re.S
    )
    assert overdue_row and 'data-testid="overdue"' in overdue_row.group(1)
    assert f'data-milestone="{road.ahead.pk}" class="overdue"' not in html
    assert "qzxsecret" not in html
    assert len(re.findall(r'<tbody data-quarter="\d{4} Q[1-4]">', html)) >= 2
    assert "Standards adopted" in html and "IAMD coalition" in html


def test_timeline_filters_sorts_and_downloads_csv(road, as_user, analyst):
    client = as_user(analyst)
    html = client.get("/roadmap/", {"overdue": "yes"}).content.decode()
    assert re.findall(r'<tr data-milestone="(\d+)"', html) == [str(road.overdue.pk)]
    html = client.get("/roadmap/", {"sort": "-due"}).content.decode()
    assert re.findall(r'<tr data-milestone="(\d+)"', html)[0] == str(road.ahead.pk)
    response = client.get("/roadmap/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:6] == ["Due date", "Milestone", "Area", "Owner", "Status", "Overdue"]
    overdue = [r for r in rows[1:] if r[1] == road.overdue.title]
    assert overdue and overdue[0][5] == "Yes"


def test_summary_counts_by_status_and_area(road, as_user, liaison_pl):
    html = as_user(liaison_pl).get("/roadmap/summary/").content.decode()
    assert 'data-testid="total">4<' in html
    assert re.search(r'data-status="achieved">1<', html)
    csv = (
        as_user(liaison_pl)
        .get("/roadmap/summary/", {"format": "csv"})
        .getvalue()
        .decode("utf-8-sig")
    )
    assert csv.splitlines()[0] == "Area,Planned,In progress,Achieved,Cancelled,Total"


def test_create_edit_link_and_unlink_from_the_pages(road, as_user, coordinator, parties):
    client = as_user(coordinator)
    response = client.post(
        "/roadmap/new/",
        {
            "title": "Adopt NATO ammunition codification",
            "area": "standards",
            "owner": "UKR",
            "due_date": "2027-03-31",
            "status": "planned",
            "releasability": "public",
        },
    )
    assert response.status_code == 302
    m = Milestone.objects.get(title="Adopt NATO ammunition codification")
    response = client.post(
        f"/roadmap/{m.pk}/edit/",
        {"title": m.title, "area": "standards", "status": "in_progress", "version": 1},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.version) == ("in_progress", 2)
    stale = client.post(
        f"/roadmap/{m.pk}/edit/",
        {"title": "again", "area": "standards", "status": "in_progress", "version": 1},
    )
    assert stale.status_code == 409
    assert (
        client.post(f"/roadmap/{m.pk}/link/", {"agreement": road.agreement.pk}).status_code == 302
    )
    page = client.get(f"/roadmap/{m.pk}/").content.decode()
    assert road.agreement.title in page
    link = MilestoneLink.objects.get(milestone=m)
    assert client.post(f"/roadmap/{m.pk}/unlink/{link.pk}/").status_code == 302
    assert not MilestoneLink.objects.exists()


def test_refusals_and_hidden_records(road, as_user, liaison_de, coordinator):
    client = as_user(liaison_de)
    assert client.get("/roadmap/new/").status_code == 302
    assert client.get(f"/roadmap/{road.polish_secret.pk}/").status_code == 404
    response = client.post(f"/roadmap/{road.ahead.pk}/link/", {"pledge": road.pledge.pk})
    assert response.status_code == 403
    response = as_user(coordinator).post(
        f"/roadmap/{road.ahead.pk}/link/", {"pledge": road.pledge_secret.pk}
    )
    assert response.status_code == 400 and "No pledge with this id" in response.content.decode()


def test_a_hidden_linked_pledge_reads_restricted_on_the_page(
    road, as_user, coordinator, liaison_de
):
    MilestoneLink.objects.create(
        milestone=road.ahead, pledge=road.pledge_secret, linked_by=coordinator
    )
    html = as_user(liaison_de).get(f"/roadmap/{road.ahead.pk}/").content.decode()
    assert "a restricted pledge" in html and "qzxpledge" not in html
    assert str(road.pledge_secret.pk) not in re.findall(r"pledges/(\d+)/", html)
