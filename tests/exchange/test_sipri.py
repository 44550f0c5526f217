"""SIPRI register: one pledge per row; per-supplier sums of ordered and delivered equal the file's sums."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Sum

from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

SIPRI = "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv"


def _code(supplier: str) -> str:
    return "UNKNOWN" if supplier == "unknown supplier(s)" else party_code_for(supplier)


def test_per_supplier_sums_equal_the_file(run_import, data_dir):
    result = run_import("sipri")
    rows = csv_rows(data_dir / SIPRI)
    expected: dict[str, Counter[str]] = defaultdict(Counter)
    for _line, row in rows:
        sums = expected[_code(row["supplier"])]
        sums["rows"] += 1
        sums["ordered"] += int(row["number_ordered"] or 0)
        sums["delivered"] += int(row["number_delivered"] or 0)
    stored = {
        r["donor__code"]: r
        for r in Pledge.objects.filter(dataset__key="sipri")
        .values("donor__code")
        .annotate(
            rows=Count("id"),
            ordered=Sum("quantity", default=0),
            delivered=Sum("delivered_quantity", default=0),
        )
    }
    assert len(stored) == len(expected) == 36
    for code, sums in expected.items():
        assert (stored[code]["rows"], stored[code]["ordered"], stored[code]["delivered"]) == (
            sums["rows"],
            sums["ordered"],
            sums["delivered"],
        ), code
    assert result.rows_read == result.created == 443


def test_question_marks_become_uncertain_flags(run_import, data_dir):
    run_import("sipri")
    rows = csv_rows(data_dir / SIPRI)
    uncertain_lines = {line for line, row in rows if row["number_ordered_uncertain"] == "?"}
    assert len(uncertain_lines) == 220
    flagged = set(
        Pledge.objects.filter(dataset__key="sipri", quantity_uncertain=True).values_list(
            "source_row", flat=True
        )
    )
    assert flagged == uncertain_lines
    delivered_flags = sum(1 for _line, row in rows if row["number_delivered_uncertain"] == "?")
    assert (
        Pledge.objects.filter(dataset__key="sipri", delivered_uncertain=True).count()
        == delivered_flags
    )


def test_row_becomes_a_pledge_as_specified(run_import, data_dir):
    run_import("equipment")
    run_import("sipri")
    # line 2: Czechia, 2023, 80 BMP-2 ordered ('?'), 80 delivered
    pledge = Pledge.objects.get(dataset__key="sipri", source_row=2)
    assert (pledge.donor.code, pledge.recipient.code, pledge.kind, pledge.year) == (
        "CZE",
        "UKR",
        "in_kind",
        2023,
    )
    assert (pledge.quantity, pledge.delivered_quantity, pledge.quantity_uncertain) == (80, 80, True)
    assert pledge.status == PledgeStatus.DELIVERED
    assert pledge.description == "BMP-2 (infantry fighting vehicle)"
    assert (
        pledge.item_type.name == "BMP-2"
        and pledge.releasability == "public"
        and pledge.owner.code == "CZE"
    )
    # line 4: Netherlands F-16C, 24 ordered, 6 delivered -> committed
    f16 = Pledge.objects.get(dataset__key="sipri", source_row=4)
    assert (f16.status, f16.item_type.name) == (PledgeStatus.COMMITTED, "F-16 (AM/BM, C/D)")
    m777 = Pledge.objects.filter(dataset__key="sipri", description__startswith="UFH/M-777").first()
    assert m777.item_type.name == "M777"
    statuses = dict(Pledge.objects.filter(dataset__key="sipri").values_list("source_row", "status"))
    for line, row in csv_rows(data_dir / SIPRI):
        done = row["number_ordered"] != "" and int(row["number_delivered"] or 0) >= int(
            row["number_ordered"]
        )
        assert statuses[line] == (PledgeStatus.DELIVERED if done else PledgeStatus.COMMITTED), line
    assert Counter(statuses.values())[PledgeStatus.DELIVERED] > 300


def test_unknown_supplier_is_an_organisation_and_said_so(run_import, data_dir):
    run_import("sipri")
    lines = [
        line for line, row in csv_rows(data_dir / SIPRI) if row["supplier"] == "unknown supplier(s)"
    ]
    pledges = Pledge.objects.filter(dataset__key="sipri", donor__code="UNKNOWN")
    assert sorted(p.source_row for p in pledges) == lines
    assert pledges[0].donor.kind == "organisation"
    info = ImportIssue.objects.filter(dataset__key="sipri", column="supplier", severity="info")
    assert sorted(info.values_list("row", flat=True)) == lines


def test_empty_number_ordered_is_kept_committed_and_reported(run_import, data_dir):
    run_import("sipri")
    lines = [line for line, row in csv_rows(data_dir / SIPRI) if row["number_ordered"] == ""]
    assert len(lines) == 38
    empty = Pledge.objects.filter(dataset__key="sipri", quantity__isnull=True)
    assert sorted(empty.values_list("source_row", flat=True)) == lines
    assert set(empty.values_list("status", flat=True)) == {PledgeStatus.COMMITTED}
    assert ImportIssue.objects.filter(dataset__key="sipri", column="number_ordered").count() == 38
