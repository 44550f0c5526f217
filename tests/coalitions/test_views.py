"""The coalition list and page, their downloads, and a coordinator changing the membership from the page."""

from __future__ import annotations

import csv
import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from nsatu.audit.models import AuditEvent
from nsatu.parties.models import Coalition, CoalitionMember


def test_list_filters_sorts_and_links(air, as_user, analyst):
    Coalition.objects.create(
        name="Artillery Capability Coalition",
        capability_area="artillery",
        established="2024-01",
        udcg=True,
        releasability="public",
    )
    client = as_user(analyst)
    page = client.get("/coalitions/").content.decode()
    assert "Artillery Capability Coalition" in page and f"/coalitions/{air.coalition.pk}/" in page
    assert "Air defence" in page  # the area's label, not its code
    only_air = client.get("/coalitions/", {"capability_area": "air_defence"}).content.decode()
    assert "Artillery Capability Coalition" not in only_air and air.coalition.name in only_air
    by_date = client.get("/coalitions/", {"sort": "-established"}).content.decode()
    assert by_date.index("Artillery Capability") < by_date.index("Integrated Air")


def test_csv_and_xlsx_carry_a_source_per_lead(air, as_user, analyst):
    client = as_user(analyst)
    response = client.get("/coalitions/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    (row,) = rows
    assert (
        row["Leads"] == "DEU"
        and row["Sources for the leads"] == "DEU https://example.org/iamd-leads"
    )
    assert row["Members"] == "USA" and row["Capability area"] == "Air defence"
    assert row["Format"] == "Contact-group coalition"
    xlsx = client.get("/coalitions/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][1] == air.coalition.name


def test_page_shows_sourced_facts_coverage_aid_and_fragmentation(air, as_user, planner):
    page = as_user(planner).get(f"/coalitions/{air.coalition.pk}/").content.decode()
    for text in (
        "https://example.org/iamd-leads",
        "https://example.org/iamd-members",
        "https://example.org/iamd-launch",
        "UA-2026-0101",
        'id="aid-members"',
        'id="fragmentation"',
        "2023-11",
    ):
        assert text in page
    assert 'name="action"' not in page  # only coordinators get the membership buttons


def test_coordinator_adds_a_member_and_makes_it_lead(air, as_user, coordinator, parties):
    client = as_user(coordinator)
    url = f"/coalitions/{air.coalition.pk}/"
    response = client.post(
        url, {"action": "add", "party": "NOR", "source_url": "https://example.org/nor"}
    )
    assert response.status_code == 302
    row = CoalitionMember.objects.get(coalition=air.coalition, party=parties["NOR"])
    assert (row.lead, row.source_url) == (False, "https://example.org/nor")
    client.post(url, {"action": "lead", "party": "NOR"})
    row.refresh_from_db()
    assert row.lead and row.source_url == "https://example.org/nor"
    client.post(url, {"action": "remove", "party": "USA"})
    assert not CoalitionMember.objects.filter(coalition=air.coalition, party__code="USA").exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="coalition.member")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["coalition.member.add", "coalition.member.lead", "coalition.member.remove"]


def test_a_liaison_may_not_change_membership(air, as_user, liaison_de):
    response = as_user(liaison_de).post(
        f"/coalitions/{air.coalition.pk}/", {"action": "remove", "party": "USA"}
    )
    assert response.status_code == 403
    assert CoalitionMember.objects.filter(coalition=air.coalition, party__code="USA").exists()


def test_a_stale_page_is_a_conflict(air, as_user, coordinator):
    Coalition.objects.filter(pk=air.coalition.pk).update(version=2)
    response = as_user(coordinator).post(
        f"/coalitions/{air.coalition.pk}/", {"action": "remove", "party": "USA", "version": 1}
    )
    assert response.status_code == 409
    assert CoalitionMember.objects.filter(coalition=air.coalition, party__code="USA").exists()


CELL = r'<tr data-reference="{ref}">.*?data-testid="{key}"[^>]*>(?:<meter[^>]*></meter> )?([^<]+)<'


def _cell(html: str, ref: str, key: str) -> str:
    match = re.search(CELL.format(ref=ref, key=key), html, re.S)
    assert match is not None, (ref, key)
    return match.group(1).strip()


def test_air_defence_page_shows_the_requirement_pages_figures(air, as_user, coordinator):
    client = as_user(coordinator)
    listed = client.get(reverse("needs:list"), {"capability_area": "air_defence"}).content.decode()
    shown = client.get(f"/coalitions/{air.coalition.pk}/").content.decode()
    for key in ("committed", "delivered", "announced", "covered-share"):
        assert _cell(shown, "UA-2026-0101", key) == _cell(listed, "UA-2026-0101", key), key
    assert _cell(shown, "UA-2026-0101", "committed") == "6"
    assert _cell(shown, "UA-2026-0101", "covered-share") == "60 %"
