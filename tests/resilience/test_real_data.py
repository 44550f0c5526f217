"""155 mm artillery Ukraine received, from the real SIPRI and Oryx files: the number of types, the effective number
of types and the list, computed here from the CSV files alone and compared with what the importers, the fleet
register and the fragmentation engine make of the same files.

The expected figures follow the register rule (docs/interoperability.md) written out again below: per supplier and
type, SIPRI's delivered number when it is above zero, else Oryx's delivered count.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from nsatu.exchange.services import dataset_import
from nsatu.resilience.selectors import fragmentation_list

SIPRI = "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv"
CALIBRES = "sipri/derived_ukraine_artillery_calibres_from_sipri.csv"
ORYX = "oryx/oryx_donated_vehicles_jasonwu00.csv"

# SIPRI designation -> catalogue type. The calibre file gives 155 for each of these but the last two, whose
# designations state no calibre (data/reference/equipment_types.csv gives 155 for both).
SIPRI_155 = {
    "UFH/M-777 155mm": "M777",
    "FH-70 155mm": "FH70",
    "TR-F-1 155mm": "TRF1",
    "PzH-2000 155mm": "PzH 2000",
    "CAESAR 155mm": "CAESAR",
    "AS-90B Mallet 155mm": "AS-90",
    "Krab 155mm": "AHS Krab",
    "Archer 155mm": "Archer (FH77 BW L52)",
    "M-109A6 155mm Paladin": "M109A6 Paladin",
    "M-109A1 155mm": "M109 (A1/A3/A4/A5 variants)",
    "M-109A5 155mm": "M109 (A1/A3/A4/A5 variants)",
    "Zuzana-2": "Zuzana 2",
    "RCH-155": "RCH 155",
}
# Oryx names every 155 mm gun with a "155mm" prefix. The T-155 Fırtına is in no other source: it keeps the name the
# Oryx import gives it.
ORYX_155 = {
    "155mm M777": "M777",
    "155mm FH-70": "FH70",
    "155mm TRF1s*": "TRF1",
    "155mm PzH 2000": "PzH 2000",
    "155mm Caesar 6x6": "CAESAR",
    "155mm Caesar 8x8": "CAESAR",
    "155mm AS-90": "AS-90",
    "155mm AHS Krab": "AHS Krab",
    "155mm Archer Artillery System": "Archer (FH77 BW L52)",
    "155mm M109A6": "M109A6 Paladin",
    "155mm M109A3GN": "M109 (A1/A3/A4/A5 variants)",
    "155mm M109A5": "M109 (A1/A3/A4/A5 variants)",
    "155mm M109L": "M109 (A1/A3/A4/A5 variants)",
    "155mm M109A4BE": "M109 (A1/A3/A4/A5 variants)",
    "155mm ShKH Zuzana 2s*": "Zuzana 2",
    "155mm RCH-155s*": "RCH 155",
    # The scraped file lost the name's Turkish letters; the Oryx import restores them (nsatu.exchange.oryx).
    "155mm T-155 F rt na": "155mm T-155 Fırtına",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_from_files(data: Path) -> dict[str, int]:
    calibre_155 = {
        r["weapon_designation"] for r in _rows(data / CALIBRES) if r["calibre_mm"] == "155"
    }
    assert calibre_155 == set(SIPRI_155) - {"Zuzana-2", "RCH-155"}, (
        "the calibre file changed: review SIPRI_155"
    )
    sipri: dict[tuple[str, str], int] = defaultdict(int)
    for r in _rows(data / SIPRI):
        if r["recipient"] == "Ukraine" and r["weapon_designation"] in SIPRI_155:
            sipri[(r["supplier"], SIPRI_155[r["weapon_designation"]])] += int(
                r["number_delivered"] or 0
            )
    oryx: dict[tuple[str, str], int] = defaultdict(int)
    seen = set()
    for r in _rows(data / ORYX):
        row = tuple(r.values())
        if row in seen:  # the scrape repeats some rows cell for cell
            continue
        seen.add(row)
        name = r["vehicle_name"].strip()
        if r["recipient"] != "Ukraine" or not name.startswith("155mm"):
            continue
        assert name in ORYX_155, f"unmapped Oryx 155 mm type {name!r}"
        if r["is_delivered"] == "True":
            oryx[(r["supplier"], ORYX_155[name])] += int(r["count"])
    per_type: dict[str, int] = defaultdict(int)
    for pair in set(sipri) | set(oryx):
        per_type[pair[1]] += sipri[pair] if sipri.get(pair, 0) > 0 else oryx.get(pair, 0)
    return {name: q for name, q in per_type.items() if q > 0}


@pytest.fixture
def imported(db):
    data = Path(settings.DATA_DIR)
    for kind, path in [
        ("equipment", "reference/equipment_types.csv"),
        ("sipri", SIPRI),
        ("oryx", ORYX),
    ]:
        dataset_import(actor=None, kind=kind, path=data / path, data_dir=data)
    return data


def test_155mm_artillery_types_and_effective_number_equal_the_files(imported, analyst):
    expected = expected_from_files(imported)
    total = sum(expected.values())
    hhi = sum((q / total) ** 2 for q in expected.values())

    [row] = [
        f
        for f in fragmentation_list(user=analyst, grouping="calibre")
        if f.group == "artillery · 155 mm"
    ]
    assert {name: q for _i, name, q in row.types} == expected
    assert row.type_count == len(expected) == 13
    assert row.units == total == 869
    assert row.effective_types == pytest.approx(1 / hhi)
    assert row.effective_types == pytest.approx(7.0549, abs=1e-4)
    # Largest fleets first, as the page and the briefing list them.
    assert [name for _i, name, _q in row.types][:3] == [
        "M777",
        "155mm T-155 Fırtına",
        "M109 (A1/A3/A4/A5 variants)",
    ]
