from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, QuerySet

from nsatu.core.errors import NotFound
from nsatu.sources.models import Dataset, ImportIssue


def dataset_list(*, order: Sequence[str] = ()) -> QuerySet[Dataset]:
    """Datasets are public attribution records; every role may read them."""
    return Dataset.objects.annotate(issue_count=Count("issues")).order_by(*(order or ("key",)))


def dataset_get(*, key: str) -> Dataset:
    dataset = dataset_list().filter(key=key).first()
    if dataset is None:
        raise NotFound(key)
    return dataset


def dataset_issues(*, dataset: Dataset, order: Sequence[str] = ()) -> QuerySet[ImportIssue]:
    return ImportIssue.objects.filter(dataset=dataset).order_by(*(order or ("row", "id")))


@dataclass(frozen=True)
class Attribution:
    """data/SOURCES.md split into its prose and its table, so the Sources page can show the required credits."""

    prose: str
    header: list[str]
    rows: list[list[str]]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def attribution_get() -> Attribution:
    path = Path(settings.DATA_DIR) / "SOURCES.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Attribution("", [], [])
    prose: list[str] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            cells = _cells(line)
            if not all(set(c) <= set("-: ") for c in cells):  # skip the |---|---| rule
                table.append(cells)
        else:
            prose.append(line)
    return Attribution("\n".join(prose).strip(), table[0] if table else [], table[1:])


@dataclass(frozen=True)
class DatasetIndex:
    """The Sources page: every dataset with its count of import issues, and the credits the licences require."""

    datasets: QuerySet[Dataset]
    attribution: Attribution


def dataset_index_get(*, order: Sequence[str] = ()) -> DatasetIndex:
    return DatasetIndex(datasets=dataset_list(order=order), attribution=attribution_get())


@dataclass(frozen=True)
class DatasetPage:
    dataset: Dataset
    issues: QuerySet[ImportIssue]


def dataset_page_get(*, key: str, order: Sequence[str] = ()) -> DatasetPage:
    dataset = dataset_get(key=key)
    return DatasetPage(dataset=dataset, issues=dataset_issues(dataset=dataset, order=order))
