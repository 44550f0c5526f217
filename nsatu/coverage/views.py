from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.tables import render as render_table
from nsatu.core.web import actor_of
from nsatu.coverage.rows import STAGE_LABELS
from nsatu.coverage.selectors import coverage_report_get
from nsatu.needs.models import UnitKindChoice

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    report = coverage_report_get(user=actor_of(request))
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in CONTENT_TYPES:
            return HttpResponse(
                _("Unknown format %(fmt)s: use csv or xlsx.") % {"fmt": fmt},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(
            render_table(report.page_table(), fmt), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="nsatu-coverage-{report.as_of.isoformat()}.{fmt}"'
        )
        return response
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
