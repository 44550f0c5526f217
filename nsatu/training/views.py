from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nsatu.core.web import csv_response, wants_csv
from nsatu.engine.readiness import ReadinessError
from nsatu.training.charts import trained_by_quarter_chart
from nsatu.training.models import Skill
from nsatu.training.readiness import READINESS_COLUMNS, readiness_get, readiness_rows
from nsatu.training.selectors import (
    cohort_list,
    course_list,
    course_prerequisites,
    reported_training_list,
    trained_by_quarter,
)


@login_required
def training_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    courses = list(course_list(user=user))
    quarters = trained_by_quarter(user=user)
    return render(
        request,
        "training/courses.html",
        {
            "courses": courses,
            "prerequisites": course_prerequisites(user=user, courses=courses),
            "cohorts": cohort_list(user=user),
            "quarters": quarters,
            "chart": trained_by_quarter_chart(quarters) if quarters else None,
            "reported": reported_training_list(),
            "skills": dict(Skill.choices),
        },
    )


@login_required
def readiness_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    try:
        view = readiness_get(user=user)
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
            "late": sum(1 for r in view.rows if "late" in r.flags),
            "gaps": sum(1 for r in view.rows if r.gap),
            "idle": [(view.course_name(i.course_id), i) for i in view.assessment.idle],
            "names": {pk: c.name for pk, c in view.courses.items()},
        },
    )
