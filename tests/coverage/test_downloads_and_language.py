"""The coverage page as staff work with it: the XLSX carries the CSV's rows under the labels a person reads,
with typed figures, and the page reads in Ukrainian."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from tests.downloads import assert_xlsx_matches_csv

LABELS = ["Reference", "Title", "Capability area", "Priority", "Unit kind", "Unit", "Needed"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(picture, as_user, coordinator):
    rows = assert_xlsx_matches_csv(as_user(coordinator), "/coverage/", LABELS)
    header = rows[0]
    assert len(rows) > 1
    first = rows[1]
    assert first[header.index("Capability area")] == "Artillery"
    assert isinstance(first[header.index("Needed")], int | float | Decimal)
    assert first[header.index("Illustrative")] in ("Yes", "No")
    # The "Unit" column is the unit the planner typed (data); the coded columns read as labels.
    coded = [header.index(h) for h in ("Capability area", "Unit kind", "Illustrative")]
    codes = {"artillery", "armour", "rounds", "items", "True", "False"}
    assert not codes & {str(r[i]) for r in rows[1:] for i in coded}


def test_the_page_and_its_download_read_in_ukrainian(picture, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get("/coverage/").content.decode()
    assert "<h1>Покриття</h1>" in page and "Підтверджено" in page
    rows = assert_xlsx_matches_csv(client, "/coverage/", ["Номер", "Назва"])
    assert "Частка покриття" in rows[0]
