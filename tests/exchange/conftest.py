"""Fixtures for the importer tests: the real data directory and a way to count every table an import touches."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from nsatu.exchange.registry import IMPORTERS
from nsatu.exchange.services import ImportResult, dataset_import

# Every app an importer writes to (audit for the import event, sources for datasets and issues).
TOUCHED_APPS = (
    "parties",
    "catalogue",
    "needs",
    "pledges",
    "flows",
    "logistics",
    "sources",
    "audit",
    "agreements",
    "training",
    "production",
    "roadmap",
    "council",
)


@pytest.fixture
def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in TOUCHED_APPS
    }


@pytest.fixture
def run_import(db, data_dir) -> Callable[..., ImportResult]:
    def run(kind: str, path: Path | None = None, *, actor=None) -> ImportResult:
        return dataset_import(
            actor=actor,
            kind=kind,
            path=path or data_dir / IMPORTERS[kind].default_path,
            data_dir=data_dir,
        )

    return run


def csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs read independently of the importer (header = line 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
        return rows
