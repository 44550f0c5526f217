"""Donor pages: the party list with memberships and the party form (the detail page is tested in tests/dashboards)."""

from __future__ import annotations

from django.urls import reverse

from nsatu.parties.models import Party


def test_party_list_shows_codes_kinds_and_membership_badges(web_data, as_user, coordinator):
    client = as_user(coordinator)
    html = client.get(reverse("parties:list")).content.decode()
    row = html[html.index(">Germany</a>") :]
    row = row[: row.index("</tr>")]
    assert "DEU" in row and "Nation" in row
    assert [b for b in ("NATO", "EU", "G7", "UDCG") if f'badge-{b}"' in row] == [
        "NATO",
        "EU",
        "G7",
        "UDCG",
    ]
    nato_only = client.get(reverse("parties:list") + "?group=G7").content.decode()
    assert ">Germany</a>" in nato_only and ">Poland</a>" not in nato_only


def test_coordinator_registers_and_edits_a_party(web_data, as_user, coordinator):
    client = as_user(coordinator)
    assert (
        f'href="{reverse("parties:create")}"'
        in client.get(reverse("parties:list")).content.decode()
    )
    created = client.post(
        reverse("parties:create"), {"code": "dnk", "name": "Denmark", "kind": "nation"}, follow=True
    )
    assert created.redirect_chain[-1][0] == reverse("parties:detail", args=["DNK"])
    assert "Party Denmark (DNK) registered." in created.content.decode()
    edit_url = reverse("parties:edit", args=["DNK"])
    assert f'href="{edit_url}"' in created.content.decode()
    assert 'name="code"' not in client.get(edit_url).content.decode()
    saved = client.post(
        edit_url, {"name": "Kingdom of Denmark", "kind": "nation", "version": "1"}, follow=True
    )
    assert "Party Kingdom of Denmark (DNK) saved." in saved.content.decode()
    stale = client.post(edit_url, {"name": "Danmark", "kind": "nation", "version": "1"})
    assert stale.status_code == 409
    assert "name is now &#x27;Kingdom of Denmark&#x27;" in stale.content.decode()
    assert Party.objects.get(code="DNK").name == "Kingdom of Denmark"


def test_party_form_names_bad_fields_and_others_are_refused(
    web_data, as_user, coordinator, liaison_de
):
    client = as_user(coordinator)
    before = Party.objects.count()
    for data, message in [
        ({"code": "XQZ", "name": "Nowhere", "kind": "nation"}, "is not an ISO 3166-1 alpha-3"),
        (
            {"code": "DEU", "name": "Germany", "kind": "nation"},
            "A party with code DEU already exists.",
        ),
        ({"code": "", "name": "", "kind": "nation"}, "This field is required."),
    ]:
        response = client.post(reverse("parties:create"), data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    liaison = as_user(liaison_de)
    refused = liaison.get(reverse("parties:create"), follow=True)
    assert "Your role (Donor liaison) may not register parties." in refused.content.decode()
    assert (
        f'href="{reverse("parties:edit", args=["DEU"])}"'
        not in liaison.get(reverse("parties:detail", args=["DEU"])).content.decode()
    )
    forged = liaison.post(
        reverse("parties:edit", args=["DEU"]),
        {"name": "Deutschland", "kind": "nation", "version": "1"},
    )
    assert forged.status_code == 403 and "may not edit parties." in forged.content.decode()
    assert Party.objects.count() == before and Party.objects.get(code="DEU").name == "Germany"
