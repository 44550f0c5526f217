from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from nsatu.core.web import csv_response, or_404, paginate, wants_csv
from nsatu.sources.selectors import dataset_index_get, dataset_page_get


@login_required
def dataset_index(request: HttpRequest) -> HttpResponse:
    index = dataset_index_get()
    return render(
        request,
        "sources/dataset_list.html",
        {"page": paginate(request, index.datasets), "attribution": index.attribution},
    )


@login_required
def dataset_detail(request: HttpRequest, key: str) -> HttpResponseBase:
    found = or_404(dataset_page_get, key=key)
    dataset, issues = found.dataset, found.issues
    if wants_csv(request):
        return csv_response(
            f"{dataset.key}-issues.csv",
            ["row", "column", "severity", "reason"],
            ([i.row, i.column, i.severity, i.reason] for i in issues),
        )
    return render(
        request,
        "sources/dataset_detail.html",
        {"dataset": dataset, "page": paginate(request, issues)},
    )
