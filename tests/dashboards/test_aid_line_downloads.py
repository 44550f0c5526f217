"""The aid lines of an item type's page and of a donor's page download as CSV and XLSX: every line (the donor's
page lists the first only), under readable labels, figures as numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.dashboards import selectors as dashboard_selectors
from nsatu.dashboards.selectors import party_page_get
from nsatu.pledges.models import Pledge
from tests.downloads import assert_xlsx_matches_csv

pytestmark = pytest.mark.django_db

LABELS = ["Aid line", "Donor", "Announced", "Committed", "Delivered", "Sources"]


def _pledges(parties, donor: str, item: ItemType, quantities: list[int]) -> None:
    for n, quantity in enumerate(quantities):
        Pledge.objects.create(
            donor=parties[donor],
            recipient=parties["UKR"],
            owner=parties[donor],
            item_type=item,
            quantity=quantity,
            status="committed",
            announced_on=timezone.localdate() - dt.timedelta(days=10 + 40 * n),
            releasability=Releasability.PUBLIC,
        )


def test_item_type_aid_lines_download(parties, coordinator, as_user) -> None:
    tank = ItemType.objects.create(name="Leopard 2A4", releasability=Releasability.PUBLIC)
    _pledges(parties, "DEU", tank, [1, 20, 300])
    _pledges(parties, "POL", tank, [7])
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, f"/catalogue/{tank.pk}/", LABELS)
    page = client.get(f"/catalogue/{tank.pk}/")
    shown = page.context["page_data"].lines
    assert [(r[0], r[3]) for r in rows[1:]] == [(r.line.id, r.line.committed) for r in shown]
    assert {r[1] for r in rows[1:]} == {"Germany", "Poland"}
    assert "format=xlsx" in page.content.decode()


def test_a_donors_page_downloads_all_its_lines_not_the_first(
    parties, coordinator, as_user, monkeypatch
) -> None:
    tank = ItemType.objects.create(name="Leopard 2A4", releasability=Releasability.PUBLIC)
    _pledges(parties, "DEU", tank, [1, 20, 300])
    monkeypatch.setattr(dashboard_selectors, "LINES_SHOWN", 1)
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, "/parties/DEU/", ["Aid line", "Item type", "Announced"])
    page = client.get("/parties/DEU/").context["page_data"]
    every = party_page_get(user=coordinator, code="DEU", every_line=True).lines
    assert len(page.lines) == 1 and page.line_count == len(every) > 1
    assert [r[0] for r in rows[1:]] == [r.line.id for r in every]
    assert {r[1] for r in rows[1:]} == {"Leopard 2A4"}
