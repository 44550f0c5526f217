"""dataset_import / dataset_import_all: who may import, idempotence, attribution, audit, source links."""

from __future__ import annotations

import hashlib
import time

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.core.errors import PermissionDenied
from nsatu.exchange.registry import DEMO_IMPORTS, IMPORTERS
from nsatu.exchange.services import (
    dataset_derived_save,
    dataset_import,
    dataset_import_all,
    party_ensure_baseline,
)
from nsatu.flows.models import Flow
from nsatu.needs.models import Requirement
from nsatu.parties.models import Coalition, DefenceSpending, GdpFigure, Membership, Party
from nsatu.pledges.models import Pledge, ReportedAid, ReportedHeavyWeapons
from nsatu.sources.models import Dataset
from tests.exchange.conftest import table_counts


def test_liaison_may_not_import_but_coordinator_and_system_may(run_import, liaison_de, coordinator):
    with pytest.raises(PermissionDenied):
        run_import("memberships", actor=liaison_de)
    assert not Dataset.objects.exists()
    assert run_import("memberships", actor=coordinator).created == 66
    assert run_import("memberships", actor=None).unchanged == 66


def test_one_audit_event_per_import_with_counts_and_hash(run_import, coordinator, data_dir):
    party_ensure_baseline(actor=None)
    before = AuditEvent.objects.count()
    result = run_import("purl", actor=coordinator)
    event = AuditEvent.objects.get(action="import.purl")
    assert AuditEvent.objects.count() == before + 1
    dataset = Dataset.objects.get(key="purl")
    assert (event.object_type, event.object_id, event.actor) == (
        "sources.dataset",
        str(dataset.pk),
        coordinator,
    )
    digest = hashlib.sha256((data_dir / "reference/purl_packages.csv").read_bytes()).hexdigest()
    assert event.after["sha256"] == digest == result.sha256
    assert (event.after["rows_read"], event.after["created"], event.after["issues"]) == (15, 28, 6)


def test_dataset_row_carries_the_attribution(run_import, data_dir):
    result = run_import("sipri")
    dataset = Dataset.objects.get(key="sipri")
    assert (
        dataset.file_path
        == "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv"
        == result.file
    )
    assert dataset.publisher.startswith("Stockholm International Peace Research Institute")
    assert "SIPRI" in dataset.citation and "10 %" in dataset.licence
    assert dataset.origin_url.startswith(
        "https://github.com/ColasDroin/SIPRI_arms_transfers_analysis/"
    )
    assert (dataset.rows_read, dataset.records_imported) == (443, 443)
    assert dataset.imported_at is not None and len(dataset.sha256) == 64


def test_baseline_parties(db):
    party_ensure_baseline(actor=None)
    kinds = dict(Party.objects.values_list("code", "kind"))
    assert kinds == {
        "UKR": "nation",
        "NSATU": "command",
        "EU": "organisation",
        "PURL": "fund",
        "NATO": "organisation",
    }
    assert Party.objects.get(code="PURL").name == "NATO Prioritised Ukraine Requirements List"
    party_ensure_baseline(actor=None)
    assert Party.objects.count() == 5


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_importing_the_same_file_twice_changes_nothing(run_import, kind):
    if kind in ("kiel-weapons", "sipri", "oryx", "requirements", "item-values"):
        run_import("equipment")
    if kind == "item-values":  # it names item types the registers create
        for register in ("kiel-weapons", "sipri", "oryx"):
            run_import(register)
    first = run_import(kind)
    counts = table_counts()
    second = run_import(kind)
    after = table_counts()
    assert after.pop("audit.AuditEvent") == counts.pop("audit.AuditEvent") + 1
    assert after == counts
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == first.created + first.updated + first.unchanged > 0
    assert second.issues == first.issues


def test_a_changed_row_updates_the_same_record(run_import, data_dir, tmp_path):
    run_import("sipri")
    pledge = Pledge.objects.get(dataset__key="sipri", source_row=2)
    text = (data_dir / "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv").read_text(
        encoding="utf-8"
    )
    changed = tmp_path / "sipri.csv"
    changed.write_text(
        text.replace("Ukraine,Czechia,2023,,80,?,BMP-2", "Ukraine,Czechia,2023,,90,?,BMP-2", 1),
        encoding="utf-8",
    )
    result = run_import("sipri", changed)
    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    pledge.refresh_from_db()
    assert (pledge.quantity, pledge.version, pledge.status) == (90, 2, "committed")


def test_dataset_import_all_links_every_record_to_its_source(db, data_dir):
    started = time.perf_counter()
    results = dataset_import_all(actor=None, data_dir=data_dir)
    elapsed = time.perf_counter() - started
    assert elapsed < 60, f"demo import took {elapsed:.1f} s"
    assert [r.kind for r in results] == [kind for kind, _path in DEMO_IMPORTS]
    assert set(Dataset.objects.values_list("key", flat=True)) == set(IMPORTERS)
    for model in (
        ReportedAid,
        ReportedHeavyWeapons,
        DefenceSpending,
        GdpFigure,
        Pledge,
        Flow,
        Requirement,
        Coalition,
        Membership,
    ):
        assert not model.objects.filter(dataset__isnull=True).exists(), model
        assert not model.objects.filter(source_row__isnull=True).exists(), model
        assert not model.objects.filter(source_row__lt=2).exists(), model
    for model in (Flow, Requirement, Coalition, Membership):
        assert not model.objects.filter(source_url="").exists(), model
    assert not ItemType.objects.filter(dataset__isnull=True).exists()
    assert Pledge.objects.filter(dataset__key="oryx").exclude(source_url="").count() > 300
    # World Bank GDP comes after the donors: every donor nation of the Kiel tracker has its GDP
    donors = set(
        ReportedAid.objects.filter(donor__kind="nation").values_list("donor__code", flat=True)
    )
    assert donors <= set(GdpFigure.objects.values_list("party__code", flat=True)) | {"TWN"}
    by_kind = {r.kind: r for r in results}
    print(f"\ndataset_import_all: {elapsed:.2f} s")
    for r in results:
        print(
            f"  {r.kind}: rows {r.rows_read}, records {r.records_imported} {r.records}, issues {len(r.issues)}"
        )
    assert by_kind["oryx"].records_imported == 339


def test_a_dry_run_returns_the_result_and_writes_nothing(run_import, data_dir):
    before = table_counts()
    result = dataset_import(
        actor=None,
        kind="purl",
        path=data_dir / IMPORTERS["purl"].default_path,
        data_dir=data_dir,
        dry_run=True,
    )
    assert result.created == 28 and not result.skipped
    assert table_counts() == before and not Dataset.objects.exists()


def test_a_derived_dataset_is_described_once_and_audited_each_time(db, coordinator, liaison_de):
    figures = {
        "key": "derived",
        "title": "Derived (illustrative)",
        "publisher": "nsatu project",
        "citation": "Invented",
        "licence": "none",
        "rows_read": 3,
        "records_imported": 2,
    }
    with pytest.raises(PermissionDenied):
        dataset_derived_save(actor=liaison_de, **figures)
    first = dataset_derived_save(actor=coordinator, **figures)
    again = dataset_derived_save(actor=coordinator, **{**figures, "records_imported": 5})
    assert first.pk == again.pk and again.records_imported == 5 and again.imported_at
    events = AuditEvent.objects.filter(action="dataset.derive", object_id=str(first.pk))
    assert [(e.before, e.after["records_imported"]) for e in events] == [
        (None, 2),
        ({"title": "Derived (illustrative)", "rows_read": 3, "records_imported": 2}, 5),
    ]
