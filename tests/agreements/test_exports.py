"""`nsatu export agreements` and `nsatu export burden-sharing --year` on the real files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command


def _export(capsysbinary, *args: str) -> list[dict[str, str]]:
    call_command("export", *args)
    return list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode())))


def test_export_agreements(run_import, capsysbinary):
    run_import("agreements")
    rows = _export(capsysbinary, "agreements", "--format", "csv")
    assert len(rows) == 28
    gbr = next(r for r in rows if r["parties"] in ("GBR;UKR", "UKR;GBR"))
    assert (gbr["signed_on"], gbr["status"]) == ("2024-01-12", "signed")
    assert gbr["source"].startswith("https://news.online.ua/")
    assert all(r["source"] for r in rows)


def test_export_burden_sharing_equals_kiel(run_import, data_dir, capsysbinary):
    run_import("kiel-aid")
    rows = _export(capsysbinary, "burden-sharing", "--year", "2024", "--format", "csv")
    assert list(rows[0]) == ["iso3", "aid_eur", "gdp_eur", "aid_pct_gdp", "kiel_pct_gdp"]
    expected: dict[str, Decimal] = {}
    with (data_dir / "kiel" / "ust_r29_data_explorer.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["year"] == "2024":
                expected[r["iso"]] = (
                    expected.get(r["iso"], Decimal(0)) + Decimal(r["total"]) * 10**9
                )
    assert {r["iso3"]: Decimal(r["aid_eur"]) for r in rows} == expected
    for r in rows:
        if r["iso3"] != "EU":
            assert abs(Decimal(r["aid_pct_gdp"]) - Decimal(r["kiel_pct_gdp"])) <= Decimal("0.01")


def test_export_burden_sharing_needs_a_year(db):
    with pytest.raises(CommandError, match="needs --year"):
        call_command("export", "burden-sharing")
