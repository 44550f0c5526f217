from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nsatu.core.paging import sort_of
from nsatu.core.web import download_response, or_404, paginate, wants_download
from nsatu.sources.models import Dataset, ImportIssue
from nsatu.sources.selectors import dataset_index_get, dataset_page_get

DATASET_HEADER = [
    _("Key"),
    _("Title"),
    _("Publisher"),
    _("Citation"),
    _("Licence / terms"),
    _("Origin"),
    _("File"),
    _("Rows read"),
    _("Records"),
    _("Imported at"),
    _("Import issues"),
]
DATASET_SORTS = {
    "title": ("title",),
    "publisher": ("publisher", "title"),
    "rows": ("rows_read",),
    "records": ("records_imported",),
    "imported": ("imported_at",),
    "issues": ("issue_count",),
}
ISSUE_HEADER = [_("Row"), _("Column"), _("Severity"), _("Reason")]
ISSUE_SORTS = {"row": ("row",), "column": ("column", "row"), "severity": ("severity", "row")}


def _dataset_row(d: Dataset) -> list[object]:
    return [
        d.key,
        d.title,
        d.publisher,
        d.citation,
        d.licence,
        d.origin_url,
        d.file_path,
        d.rows_read,
        d.records_imported,
        # In the reader's time zone and without its offset, so the CSV and the XLSX show the same time.
        timezone.localtime(d.imported_at).replace(tzinfo=None) if d.imported_at else None,
        getattr(d, "issue_count", None),
    ]


def _issue_row(i: ImportIssue) -> list[object]:
    return [i.row, i.column, i.get_severity_display(), i.reason]


@login_required
def dataset_index(request: HttpRequest) -> HttpResponseBase:
    sort = sort_of(request.GET.get("sort"), DATASET_SORTS, default="title")
    index = dataset_index_get(order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "datasets.csv", DATASET_HEADER, map(_dataset_row, index.datasets)
        )
    return render(
        request,
        "sources/dataset_list.html",
        {
            "page": paginate(request, index.datasets),
            "attribution": index.attribution,
            "sort": sort,
        },
    )


@login_required
def dataset_detail(request: HttpRequest, key: str) -> HttpResponseBase:
    sort = sort_of(request.GET.get("sort"), ISSUE_SORTS, default="row")
    found = or_404(dataset_page_get, key=key, order=sort.fields)
    dataset, issues = found.dataset, found.issues
    if wants_download(request):
        return download_response(
            request, f"{dataset.key}-issues.csv", ISSUE_HEADER, map(_issue_row, issues)
        )
    return render(
        request,
        "sources/dataset_detail.html",
        {"dataset": dataset, "page": paginate(request, issues), "sort": sort},
    )
