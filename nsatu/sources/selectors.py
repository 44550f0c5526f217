from __future__ import annotations

from django.db.models import Count, QuerySet

from nsatu.core.errors import NotFound
from nsatu.sources.models import Dataset, ImportIssue


def dataset_list() -> QuerySet[Dataset]:
    """Datasets are public attribution records; every role may read them."""
    return Dataset.objects.annotate(issue_count=Count("issues")).order_by("key")


def dataset_get(*, key: str) -> Dataset:
    dataset = dataset_list().filter(key=key).first()
    if dataset is None:
        raise NotFound(key)
    return dataset


def dataset_issues(*, dataset: Dataset) -> QuerySet[ImportIssue]:
    return ImportIssue.objects.filter(dataset=dataset).order_by("row", "id")
