"""The frameworks importer on the real reference file: signatories with sources, the bilateral agreements linked
to the G7 declaration where a page says so, NATO members as the Washington pledge's signatories."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from nsatu.agreements.models import Agreement, AgreementKind, Signatory
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.frameworks import import_frameworks
from nsatu.exchange.registry import COMPILED_LICENCE, COMPILED_PUBLISHER, IMPORTERS, Importer
from nsatu.exchange.services import dataset_import
from nsatu.exchange.tables_frameworks import table_frameworks

FILE = "reference/multilateral_frameworks_sourced.csv"
# The registry line reported to the integrator; set here so that the tests run before it is applied.
FRAMEWORKS = Importer(
    "frameworks",
    FILE,
    "Multilateral frameworks of support for Ukraine: signatories, dates, burden-sharing rules and the bilateral "
    "agreements concluded under them (compiled reference table)",
    COMPILED_PUBLISHER,
    "nsatu reference table multilateral_frameworks_sourced.csv",
    COMPILED_LICENCE,
    "",
    import_frameworks,
)


@pytest.fixture
def run(db, monkeypatch):
    monkeypatch.setitem(IMPORTERS, "frameworks", FRAMEWORKS)
    data = Path(settings.DATA_DIR)

    def go(kind: str, path: Path | None = None):
        return dataset_import(
            actor=None, kind=kind, path=path or data / IMPORTERS[kind].default_path, data_dir=data
        )

    return go


@pytest.fixture
def imported(run):
    run("memberships")
    run("agreements")
    return run("frameworks")


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader((Path(settings.DATA_DIR) / FILE).open(encoding="utf-8")))


def test_every_row_has_a_source_address():
    rows = _rows()
    assert rows and all(r["source_url"].startswith("https://") for r in rows)


def test_g7_declaration_with_its_sourced_signatories(imported):
    g7 = Agreement.objects.get(kind=AgreementKind.MULTILATERAL, title__contains="G7")
    assert str(g7.signed_on) == "2023-07-12"
    signed = {
        s.party.code: s for s in Signatory.objects.filter(agreement=g7).select_related("party")
    }
    assert {"USA", "GBR", "DEU", "FRA", "ITA", "CAN", "JPN", "EU"} <= set(signed)
    assert str(signed["EST"].joined_on) == "2023-08-17"
    assert signed["BEL"].joined_on is None  # the page says it joined, not when
    assert all(s.source_url.startswith("https://") for s in signed.values())
    expected = {
        r["party"] for r in _rows() if r["framework"] == "G7-JDS" and r["row_type"] == "signatory"
    }
    assert len(signed) == len(expected) == 26


def test_bilateral_agreements_linked_where_a_source_says_so(imported):
    bilateral = Agreement.objects.filter(kind=AgreementKind.BILATERAL).select_related(
        "owner", "framework"
    )
    assert bilateral.count() == 28
    under = {a.owner.code for a in bilateral if a.framework is not None}
    assert (
        len(under) == 26 and not {"GRC", "ALB"} & under
    )  # no page found for these two: left empty
    assert all(a.framework_source_url.startswith("https://") for a in bilateral if a.framework)


def test_washington_pledge_signed_by_nato_members_with_its_baseline(imported):
    wsp = Agreement.objects.get(title__startswith="Washington")
    assert wsp.baseline_eur == Decimal(40_000_000_000) and "GDP" in wsp.rule
    assert Signatory.objects.filter(agreement=wsp).count() == 32
    hague = Agreement.objects.get(title__startswith="The Hague")
    assert hague.baseline_eur is None and "3.5 %" in hague.rule


def test_reimport_changes_nothing(imported, run):
    before = sorted(Agreement.objects.values_list("pk", "framework_id"))
    signatories = Signatory.objects.count()
    run("frameworks")
    assert sorted(Agreement.objects.values_list("pk", "framework_id")) == before
    assert Signatory.objects.count() == signatories


def test_a_row_without_source_is_refused(run, tmp_path):
    bad = tmp_path / "f.csv"
    bad.write_text(
        "framework,row_type,party,date,title,rule,baseline_eur,source_url\n"
        "X,framework,NATO,2024-07-10,Title,,,\n"
        "X,signatory,Atlantis,,,,,https://example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as exc:
        run("frameworks", bad)
    text = str(exc.value)
    assert "source_url" in text and "Atlantis" in text


def test_export_lists_the_g7_signatories_and_all_28_agreements(imported, analyst):
    table = table_frameworks(user=analyst, options={})
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    g7 = [r for r in rows if r["row"] == "signatory" and "G7" in r["framework"]]
    assert len(g7) == 26 and all(r["source_url"].startswith("https://") for r in g7)
    agreements = [r for r in rows if r["row"] == "agreement"]
    assert len(agreements) == 28
    linked = [r for r in agreements if r["framework"]]
    assert len(linked) == 26 and all(r["source_url"].startswith("https://") for r in linked)
    assert {r["party"] for r in agreements if not r["framework"]} == {"GRC", "ALB"}


def test_g7_page_lists_signatories_with_sources_and_the_agreements_under_it(
    imported, as_user, analyst
):
    g7 = Agreement.objects.get(kind=AgreementKind.MULTILATERAL, title__contains="G7")
    html = as_user(analyst).get(f"/agreements/frameworks/{g7.pk}/").content.decode()
    # 26 signatories, and Poland, Luxembourg and Slovenia: agreements under it, their joining not sourced
    assert html.count("<tr data-party=") == 29
    assert "https://news.err.ee/1609066550/" in html
    germany = Agreement.objects.get(kind=AgreementKind.BILATERAL, owner__code="DEU")
    assert f'href="/agreements/{germany.pk}/"' in html
