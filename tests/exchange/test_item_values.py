"""The compiled unit values and masses: figures equal their sources, every figure has one, imports are idempotent."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.conf import settings

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.services import ReferenceFigures, item_type_reference_figures_set
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.item_values import COLUMNS, KIEL_MEDIAN, KIEL_SINGLE, PUBLIC_COST, kiel_lines
from nsatu.exchange.kiel import parse_weapons_list
from nsatu.pledges.models import Pledge
from tests.exchange.conftest import csv_rows

DATA = Path(settings.DATA_DIR)
TABLE = DATA / "nsatu/item_values.csv"
KIEL = DATA / "kiel/ust_r29_weapons.csv"
EVENT = "item_type.reference_figures"


def _table() -> list[tuple[int, dict[str, str]]]:
    return csv_rows(TABLE)


def _kiel() -> dict[int, dict[str, str]]:
    return dict(csv_rows(KIEL))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_kiel_derived_values_equal_value_over_count_of_the_rows_named():
    kiel = _kiel()
    derived = [(line, row) for line, row in _table() if row["value_basis"].startswith("kiel")]
    assert len(derived) >= 25
    for line, row in derived:
        named = kiel_lines(row["value_source"])
        assert named, (line, row["value_source"])
        per_unit = []
        for kiel_line in named:
            source = kiel[kiel_line]
            items = parse_weapons_list(source["weapons_list"])
            assert len(items) == 1, (line, kiel_line, source["weapons_list"])  # exactly one type
            assert items[0][1] == int(source["number_of_weapons"])
            per_unit.append(
                Decimal(source["monetary_value_eur"]) / int(source["number_of_weapons"])
            )
        assert row["value_basis"] == (KIEL_SINGLE if len(named) == 1 else KIEL_MEDIAN), line
        assert Decimal(row["unit_value_eur"]) == _cents(statistics.median(per_unit)), line


def test_the_named_figures_are_the_file_figures():
    rows = {row["item_type"]: row for _line, row in _table()}
    # Australia's and Canada's M777 rows both give 4,778,746.50 per gun; the median of Canada's (15,923,120 / 8),
    # Norway's (15,963,068 / 8) and Spain's (57,218,431 / 29) Leopard 2A4 rows is Canada's.
    assert rows["M777"]["unit_value_eur"] == "4778746.50"
    assert rows["M777"]["value_source"] == "kiel/ust_r29_weapons.csv lines 2, 6"
    assert rows["Leopard 2A4"]["unit_value_eur"] == "1990390.00"
    assert rows["Patriot (MIM-104)"]["value_source"] == "kiel/ust_r29_weapons.csv lines 32, 44"


def test_every_figure_has_its_source_and_a_gap_stays_empty():
    for line, row in _table():
        assert tuple(row) == COLUMNS
        assert row["unit_value_eur"] or row["unit_mass_t"], (
            line
        )  # a row with no figure has no reason to be
        if row["unit_value_eur"]:
            assert Decimal(row["unit_value_eur"]) > 0, line
            if row["value_basis"] == PUBLIC_COST:
                assert row["value_source"].startswith(("https://", "http://")), line
            else:
                assert kiel_lines(row["value_source"]), line
        else:
            assert not row["value_basis"] and not row["value_source"], line
        if row["unit_mass_t"]:
            assert Decimal(row["unit_mass_t"]) > 0, line
            assert row["mass_basis"], line
            assert row["mass_source"].startswith(("https://", "http://")), line
        else:
            assert not row["mass_basis"] and not row["mass_source"], line


@pytest.mark.django_db
def test_every_single_type_kiel_row_is_used_for_its_item_type(run_import):
    run_import("equipment")
    run_import("kiel-weapons")
    used = {row["item_type"]: set(kiel_lines(row["value_source"])) for _line, row in _table()}
    for line, source in _kiel().items():
        if len(parse_weapons_list(source["weapons_list"])) != 1:
            continue
        item = Pledge.objects.get(dataset__key="kiel-weapons", source_row=line).item_type
        assert item is not None
        assert line in used.get(item.name, set()), (line, item.name)


def _imported(run_import):
    run_import("equipment")
    run_import("kiel-weapons")
    return run_import("item-values")


@pytest.mark.django_db
def test_import_sets_the_figures_with_an_event_each_and_a_reimport_changes_nothing(run_import):
    first = _imported(run_import)
    rows = _table()
    assert (first.rows_read, first.updated, first.unchanged, first.created) == (
        len(rows),
        len(rows),
        0,
        0,
    )
    assert AuditEvent.objects.filter(action=EVENT).count() == len(rows)
    m777 = ItemType.objects.get(name="M777")
    assert m777.unit_value_eur == Decimal("4778746.50")
    assert m777.unit_value_source == "kiel/ust_r29_weapons.csv lines 2, 6"
    assert m777.unit_mass_t == Decimal("4.2")
    assert m777.unit_mass_source == "https://www.army-technology.com/news/news53633-html/"
    mass_only = ItemType.objects.get(name="Bayraktar TB2")
    assert (mass_only.unit_value_eur, mass_only.unit_value_source) == (None, "")  # a gap, not 0
    untouched = ItemType.objects.get(name="D-30")  # in the catalogue, no source gives a figure
    assert ReferenceFigures.of(untouched) == ReferenceFigures(None, "", None, "")

    versions = dict(ItemType.objects.values_list("name", "version"))
    second = run_import("item-values")
    assert (second.updated, second.unchanged, second.created, second.deleted) == (
        0,
        len(rows),
        0,
        0,
    )
    assert second.issues == first.issues
    assert AuditEvent.objects.filter(action=EVENT).count() == len(rows)
    assert dict(ItemType.objects.values_list("name", "version")) == versions


BAD = """item_type,unit_value_eur,value_basis,value_source,unit_mass_t,mass_basis,mass_source,notes
M777,4778746.50,kiel: value / count,"kiel/ust_r29_weapons.csv lines 2, 6",4.2,weight,https://example.org/m777,
Leopard 2A4,1990390,public unit cost,,55.1,combat weight,https://example.org/leo,
Unobtainium gun,100,public unit cost,https://example.org/u,,,,
CAESAR,,,,0,combat weight,https://example.org/caesar,
PzH 2000,18400000.001,public unit cost,https://example.org/pzh,55.5,,https://example.org/pzh,
M142 HIMARS,,,kiel/ust_r29_weapons.csv line 61,,,,
Challenger 2,,,,123456789,combat weight,https://example.org/cr2,
"""


@pytest.mark.django_db
def test_bad_rows_name_file_row_column_and_reason_and_nothing_is_written(run_import, tmp_path):
    run_import("equipment")
    run_import("kiel-weapons")
    path = tmp_path / "item_values.csv"
    path.write_text(BAD, encoding="utf-8")
    events = AuditEvent.objects.count()
    with pytest.raises(ImportFailed) as failed:
        run_import("item-values", path)
    problems = {(p.row, p.column): p.reason for p in failed.value.problems}
    assert all(p.file == str(path) for p in failed.value.problems)
    assert set(problems) == {
        (2, "value_basis"),  # two Kiel rows named, basis says one
        (3, "value_source"),  # a public cost without its address
        (4, "item_type"),
        (5, "unit_mass_t"),
        (6, "unit_value_eur"),  # more decimals than cents
        (6, "mass_basis"),
        (7, "unit_value_eur"),  # a source without its value
        (8, "unit_mass_t"),  # more than the column holds
    }
    assert "Unobtainium gun" in problems[(4, "item_type")]
    assert "kiel: median of value / count" in problems[(2, "value_basis")]
    assert "not above 0" in problems[(5, "unit_mass_t")]
    assert "more than 2 decimal places" in problems[(6, "unit_value_eur")]
    assert "at most 7 digits before the decimal point" in problems[(8, "unit_mass_t")]
    assert len(failed.value.problems) == len(problems)  # one reason per fault, no echo
    assert AuditEvent.objects.count() == events
    assert not ItemType.objects.filter(unit_value_eur__isnull=False).exists()
    assert not ItemType.objects.filter(unit_mass_t__isnull=False).exists()


@pytest.mark.django_db
def test_the_file_governs_its_rows_and_says_what_it_replaced(run_import, coordinator, tmp_path):
    run_import("equipment")
    fh70 = ItemType.objects.get(name="FH70")
    item_type_reference_figures_set(
        actor=coordinator,
        item_type=fh70,
        figures=ReferenceFigures(Decimal("1000000"), "https://example.org/fh70", None, ""),
    )
    path = tmp_path / "item_values.csv"
    path.write_text(
        "item_type,unit_value_eur,value_basis,value_source,unit_mass_t,mass_basis,mass_source,notes\n"
        "FH70 155mm howitzer,,,,9.3,weight,https://example.org/fh70-mass,\n",
        encoding="utf-8",
    )
    result = run_import("item-values", path)
    fh70.refresh_from_db()
    assert ReferenceFigures.of(fh70) == ReferenceFigures(
        None, "", Decimal("9.3"), "https://example.org/fh70-mass"
    )
    reasons = {(i.row, i.column): i.reason for i in result.issues}
    assert "FH70" in reasons[(2, "item_type")]  # found by its alias
    assert "https://example.org/fh70" in reasons[(2, "unit_value_eur")]
    event = AuditEvent.objects.filter(action=EVENT, object_id=str(fh70.pk)).latest("id")
    assert event.actor_label == "system"
    assert event.before["unit_value_eur"] == "1000000.00" and event.after["unit_value_eur"] is None
