from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.web import paginate
from nsatu.dashboards import charts
from nsatu.dashboards.selectors import overview_get


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    data = overview_get(user=request.user)
    area_labels = dict(CapabilityArea.choices)
    return render(
        request,
        "dashboards/overview.html",
        {
            "overview": data,
            "requirements_page": paginate(request, data.requirements),
            "area_labels": area_labels,
            "donor_aid_chart": charts.donor_aid_chart(data.donor_aid),
            "aid_over_time_chart": charts.aid_over_time_chart(data.aid_over_time),
            "heavy_weapons_chart": charts.heavy_weapons_chart(data.heavy_weapons),
            "area_chart": charts.area_coverage_chart(data.area_coverage, area_labels),
        },
    )
