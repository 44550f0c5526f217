"""A re-import never silently undoes what users did through the services since the last import."""

from __future__ import annotations

from nsatu.exchange.services import dataset_import_all
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_set_status
from nsatu.sources.models import ImportIssue


def test_reimport_keeps_a_status_set_through_the_services(run_import, coordinator):
    run_import("sipri")
    pledge = Pledge.objects.filter(dataset__key="sipri", status="committed").order_by("id").first()
    assert pledge is not None
    pledge_set_status(actor=coordinator, pledge=pledge, status="allocated")
    run_import("sipri")
    pledge.refresh_from_db()
    assert pledge.status == "allocated"
    kept = ImportIssue.objects.filter(dataset__key="sipri", column="status", row=pledge.source_row)
    assert kept.count() == 1
    assert "kept status 'allocated'" in kept.get().reason


def test_demo_restart_skips_files_imported_with_the_same_content(db, data_dir):
    first = dataset_import_all(actor=None, data_dir=data_dir)
    assert not any(r.skipped for r in first)
    second = dataset_import_all(actor=None, data_dir=data_dir)
    assert all(r.skipped for r in second)
    assert "unchanged since its last import" in second[0].summary()
