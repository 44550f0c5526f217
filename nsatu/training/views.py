from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nsatu.core.web import actor_of, csv_response, wants_csv
from nsatu.engine.readiness import ReadinessError
from nsatu.training.charts import trained_by_quarter_chart
from nsatu.training.models import Skill
from nsatu.training.readiness import READINESS_COLUMNS, readiness_get, readiness_rows
from nsatu.training.selectors import training_page_get


@login_required
def training_index(request: HttpRequest) -> HttpResponse:
    page = training_page_get(user=actor_of(request))
    return render(
        request,
        "training/courses.html",
        {
            "courses": page.courses,
            "prerequisites": page.prerequisites,
            "cohorts": page.cohorts,
            "quarters": page.quarters,
            "chart": trained_by_quarter_chart(page.quarters) if page.quarters else None,
            "reported": page.reported,
            "skills": dict(Skill.choices),
        },
    )


@login_required
def readiness_index(request: HttpRequest) -> HttpResponse:
    try:
        view = readiness_get(user=actor_of(request))
    except ReadinessError as exc:
        messages.error(request, _("Readiness cannot be computed: %(why)s") % {"why": exc})
        return render(request, "training/readiness.html", {"view": None}, status=200)
    if wants_csv(request):
        return csv_response("readiness.csv", READINESS_COLUMNS, readiness_rows(view))
    return render(
        request,
        "training/readiness.html",
        {
            "view": view,
            "late": view.late_count,
            "gaps": view.gap_count,
            "idle": view.idle_named,
            "names": view.course_names,
        },
    )
