from __future__ import annotations

import csv
import io
import re

from nsatu.council.models import Action, ActionLink, Decision


def test_meeting_list_filters_and_csv(council, as_user, liaison_de, liaison_pl):
    html = as_user(liaison_de).get("/council/").content.decode()
    assert re.findall(r'<tr data-meeting="(\d+)"', html) == [str(council.meeting.pk)]
    assert "qzxplace" not in html and "https://example.org/nuc" in html
    html = as_user(liaison_pl).get("/council/", {"level": "ambassadors"}).content.decode()
    assert re.findall(r'<tr data-meeting="(\d+)"', html) == [str(council.secret_meeting.pk)]
    csv = as_user(liaison_de).get("/council/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Date,Place,Level,Title,Source")
    assert csv.splitlines()[1].startswith("2023-11-29,Brussels,Foreign ministers")


def test_overdue_action_flagged_on_the_pages_and_in_the_csv(council, as_user, liaison_de):
    client = as_user(liaison_de)
    html = client.get("/council/actions/").content.decode()
    row = re.search(
        rf'<tr data-action="{council.overdue.pk}" class="overdue">(.*?)</tr>', html, re.S
    )
    assert row and 'data-testid="overdue"' in row.group(1)
    assert f'data-action="{council.done.pk}" class="overdue"' not in html
    assert "qzxaction" not in html
    detail = client.get(f"/council/actions/{council.overdue.pk}/").content.decode()
    assert 'data-testid="overdue-flag"' in detail
    meeting = client.get(f"/council/meetings/{council.meeting.pk}/").content.decode()
    assert f'<tr data-action="{council.overdue.pk}" class="overdue">' in meeting
    text = client.get("/council/actions/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert "Overdue" in header and "Tasked party" in header
    flagged = [r for r in rows[1:] if r[header.index("Action")] == council.overdue.title]
    assert flagged and flagged[0][header.index("Overdue")] == "Yes"
    html = client.get("/council/actions/", {"overdue": "yes"}).content.decode()
    assert re.findall(r'<tr data-action="(\d+)"', html) == [str(council.overdue.pk)]


def test_register_a_decision_with_one_action_from_the_form(council, as_user, coordinator):
    client = as_user(coordinator)
    assert client.get(f"/council/meetings/{council.meeting.pk}/decide/").status_code == 200
    data = {
        "text": "Allies fund a demining project",
        "source_url": "https://example.org/demining",
        "releasability": "public",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "10",
        "actions-0-title": "Set up the demining trust fund",
        "actions-0-owner": "NOR",
        "actions-0-due_date": "2027-06-30",
    }
    response = client.post(f"/council/meetings/{council.meeting.pk}/decide/", data)
    assert response.status_code == 302
    decision = Decision.objects.get(text="Allies fund a demining project")
    (action,) = decision.actions.all()
    assert (action.title, action.owner.code, str(action.due_date)) == (
        "Set up the demining trust fund",
        "NOR",
        "2027-06-30",
    )
    missing_owner = {**data, "text": "Another", "actions-0-owner": ""}
    assert (
        client.post(f"/council/meetings/{council.meeting.pk}/decide/", missing_owner).status_code
        == 400
    )
    assert not Decision.objects.filter(text="Another").exists()


def test_refusals(council, as_user, liaison_de):
    client = as_user(liaison_de)
    assert client.get(f"/council/meetings/{council.meeting.pk}/decide/").status_code == 302
    assert client.get(f"/council/meetings/{council.secret_meeting.pk}/").status_code == 404
    assert client.get(f"/council/actions/{council.secret_action.pk}/").status_code == 404
    assert client.get("/council/meetings/new/").status_code == 302


def test_status_and_links_from_the_action_page(
    council, road_milestone, as_user, coordinator, liaison_de
):
    client = as_user(liaison_de)
    response = client.post(
        f"/council/actions/{council.ahead.pk}/status/", {"status": "in_progress", "version": 1}
    )
    assert response.status_code == 302
    assert Action.objects.get(pk=council.ahead.pk).status == "in_progress"
    client = as_user(coordinator)
    assert (
        client.post(
            f"/council/actions/{council.ahead.pk}/link/", {"milestone": road_milestone.pk}
        ).status_code
        == 302
    )
    html = client.get(f"/council/actions/{council.ahead.pk}/").content.decode()
    assert road_milestone.title in html
    link = ActionLink.objects.get()
    assert client.post(f"/council/actions/{council.ahead.pk}/unlink/{link.pk}/").status_code == 302
    assert not ActionLink.objects.exists()
