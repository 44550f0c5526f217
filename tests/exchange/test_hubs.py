"""data/reference/logistics_hubs.csv -> logistics hubs, with a bad-file case in the importers' manner."""

from __future__ import annotations

import pytest

from nsatu.exchange.errors import ImportFailed
from nsatu.logistics.hub_selectors import hub_list
from nsatu.logistics.models import Hub
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows, table_counts

HUBS = "reference/logistics_hubs.csv"


def test_hubs_with_country_position_and_source(run_import, data_dir, analyst):
    result = run_import("hubs")
    rows = csv_rows(data_dir / HUBS)
    assert Hub.objects.count() == len(rows) == result.created == 9
    rzeszow = Hub.objects.get(name__startswith="Rzeszow-Jasionka")
    assert (rzeszow.country.code, rzeszow.lat, rzeszow.lon) == ("POL", 50.10996, 22.019)
    assert rzeszow.source_url == "https://www.rzeszowairport.pl/en/airport/airport/infrastructure"
    # The file states no throughput: the two NSATU hubs get the illustrative split of the published one.
    assert rzeszow.capacity_t_month == 14400 and "Illustrative capacity" in rzeszow.notes
    assert "thegaze.media/news/nsatu-marks-60000" in rzeszow.notes
    romania = Hub.objects.get(name__startswith="Logistic Enabling Node - Romania")
    assert romania.capacity_t_month == 3600 and "80/20" in romania.notes
    assert not Hub.objects.exclude(pk__in=[rzeszow.pk, romania.pk]).filter(
        capacity_t_month__isnull=False
    )
    assert rzeszow.notes.startswith("ARP 50")  # the file's own note comes first
    assert (rzeszow.source_row, rzeszow.releasability, rzeszow.dataset.key) == (4, "public", "hubs")
    assert (
        Hub.objects.filter(lat__isnull=True).count() == 5
    )  # Wiesbaden (two sites), Rzeszów, Câmpia Turzii have one
    no_position = ImportIssue.objects.filter(dataset__key="hubs", column="lat")
    assert no_position.count() == 5 and no_position.filter(severity="info").count() == 5
    assert hub_list(user=analyst).count() == 9
    assert hub_list(user=analyst, with_capacity=True).count() == 2
    capacity_notes = ImportIssue.objects.filter(dataset__key="hubs", column="capacity_t_month")
    assert sorted(capacity_notes.values_list("row", flat=True)) == [4, 6]


def test_capacity_column_and_bad_rows(run_import, data_dir, tmp_path):
    lines = (data_dir / HUBS).read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    good = tmp_path / "hubs.csv"
    good.write_text(
        "\n".join(
            [
                header + ",capacity_t_month",
                *(r + (",18000" if "Rzeszow" in r else ",") for r in rows),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    run_import("hubs", good)
    stated = Hub.objects.get(name__startswith="Rzeszow")
    assert stated.capacity_t_month == 18000 and "Illustrative" not in stated.notes
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join(
            [
                header,
                rows[2].replace(",POL,50.10996,", ",XXX,95.5,", 1),
                rows[0].replace(",8.3254,", ",,", 1),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import("hubs", bad)
    assert table_counts() == before
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "country"),
        (2, "lat"),
        (3, "lon"),
    ]
    assert "outside -90..90" in caught.value.problems[1].reason
