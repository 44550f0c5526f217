"""Oryx scrape: Ukraine-bound rows become pledges; the known faults are reported by row, not hidden."""

from __future__ import annotations

from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

ORYX = "oryx/oryx_donated_vehicles_jasonwu00.csv"


def _issue_rows(column: str, severity: str) -> list[int]:
    return sorted(
        ImportIssue.objects.filter(
            dataset__key="oryx", column=column, severity=severity
        ).values_list("row", flat=True)
    )


def test_russia_rows_are_skipped_with_their_row_numbers(run_import, data_dir):
    run_import("oryx")
    russia = [line for line, row in csv_rows(data_dir / ORYX) if row["recipient"] == "Russia"]
    assert russia == list(range(349, 357))
    assert _issue_rows("recipient", "skipped") == russia
    assert not Pledge.objects.filter(dataset__key="oryx", source_row__in=russia).exists()


def test_supplier_none_rows_are_kept_with_a_warning(run_import, data_dir):
    run_import("oryx")
    none = [line for line, row in csv_rows(data_dir / ORYX) if row["supplier"] == "NONE"]
    assert none == [66, 116, 118, 119, 122, 157]
    assert _issue_rows("supplier", "warning") == none
    kept = Pledge.objects.filter(dataset__key="oryx", source_row__in=none)
    assert set(kept.values_list("donor__code", flat=True)) == {"UNKNOWN"} and kept.count() == 6


def test_count_zero_is_kept_without_quantity_and_reported(run_import, data_dir):
    run_import("oryx")
    rows = csv_rows(data_dir / ORYX)
    zero = [line for line, row in rows if row["count"] == "0" and row["recipient"] == "Ukraine"]
    duplicates = set(_issue_rows("id", "skipped"))
    kept_zero = [line for line in zero if line not in duplicates]
    assert _issue_rows("count", "warning") == kept_zero
    assert (
        sorted(
            Pledge.objects.filter(dataset__key="oryx", quantity__isnull=True).values_list(
                "source_row", flat=True
            )
        )
        == kept_zero
    )


def test_nato_supplier_is_the_organisation(run_import):
    run_import("oryx")
    pledge = Pledge.objects.get(dataset__key="oryx", source_row=2)
    assert (pledge.donor.code, pledge.donor.kind, pledge.quantity) == ("NATO", "organisation", 14)
    assert _issue_rows("supplier", "info") == [2]


def test_duplicate_rows_are_skipped_and_the_rest_become_pledges(run_import, data_dir):
    result = run_import("oryx")
    rows = csv_rows(data_dir / ORYX)
    first_seen: dict[tuple[str, ...], int] = {}
    duplicates = []
    for line, row in rows:
        key = tuple(row.values())
        if key in first_seen:
            duplicates.append(line)
        first_seen.setdefault(key, line)
    assert _issue_rows("id", "skipped") == duplicates and len(duplicates) == 8
    assert Pledge.objects.filter(dataset__key="oryx").count() == len(rows) - 8 - 8 == result.created
    not_delivered = [line for line, row in rows if row["is_delivered"] == "False"]
    assert sorted(
        Pledge.objects.filter(dataset__key="oryx", status=PledgeStatus.COMMITTED).values_list(
            "source_row", flat=True
        )
    ) == [n for n in not_delivered if n < 349]
    m777 = Pledge.objects.filter(dataset__key="oryx", description="155mm M777").first()
    assert m777.source_url.startswith("https://") and m777.status == PledgeStatus.DELIVERED
