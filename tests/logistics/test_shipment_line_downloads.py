"""A shipment's lines download as CSV and XLSX, as the page shows them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.downloads import assert_xlsx_matches_csv

pytestmark = pytest.mark.django_db


def test_shipment_lines_download(as_user, coordinator, shipment_de):
    url = reverse("logistics:detail", args=[shipment_de.pk])
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(
        client, url, ["Item type", "Shipped", "Mass (t)", "Pledge", "Accepted", "Discrepancies"]
    )
    assert rows[1][:2] == ["Gepard", 4] and rows[1][4] == 0 and rows[1][6] == 4
    assert "format=xlsx" in client.get(url).content.decode()
