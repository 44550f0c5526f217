from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.web import actor_of, download_response, wants_download
from nsatu.coverage.rows import STAGE_LABELS
from nsatu.coverage.selectors import coverage_report_get
from nsatu.needs.models import UnitKindChoice


@login_required
def coverage(request: HttpRequest) -> HttpResponseBase:
    report = coverage_report_get(user=actor_of(request))
    if wants_download(request):
        table = report.page_table()
        return download_response(
            request,
            f"nsatu-coverage-{report.as_of.isoformat()}.csv",
            table.columns,
            table.rows,
        )
    return render(
        request,
        "coverage/coverage.html",
        {
            "areas": report.areas,
            "stages": list(STAGE_LABELS.items()),
            "area_labels": dict(CapabilityArea.choices),
            "unit_kinds": dict(UnitKindChoice.choices),
            "as_of": report.as_of,
            "horizon": report.horizon,
            "weighted_share": report.weighted_share,
            "beyond": report.beyond,
            "section": "coverage",
        },
    )
