from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.core.actors import Actor
from nsatu.core.paging import sort_of
from nsatu.core.refs import ref_label
from nsatu.core.tables import yes_no
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_from_form,
)
from nsatu.engine.readiness import ReadinessError
from nsatu.training import rules
from nsatu.training.charts import trained_by_quarter_chart
from nsatu.training.cohort_forms import CohortFilterForm
from nsatu.training.cohort_selectors import cohort_course_choices, cohort_page_list
from nsatu.training.forms import (
    CohortForm,
    CourseEditForm,
    CourseFilterForm,
    CourseForm,
    EnrolForm,
    GraduateForm,
)
from nsatu.training.models import Cohort, Course, Skill
from nsatu.training.readiness import (
    FLAG_LABELS,
    SOURCE_LABELS,
    readiness_get,
    readiness_labels,
    readiness_page_rows,
)
from nsatu.training.selectors import (
    CoursePage,
    TrainingPage,
    cohort_page_get,
    course_edit_get,
    course_form_choices,
    course_page_get,
    training_page_get,
)
from nsatu.training.services import (
    cohort_create,
    cohort_graduate,
    cohort_update,
    course_create,
    course_update,
)

COURSE_COLUMNS = (
    gettext_lazy("Course"),
    gettext_lazy("Host nation"),
    gettext_lazy("Site"),
    gettext_lazy("Skill"),
    gettext_lazy("Item type"),
    gettext_lazy("Duration (weeks)"),
    gettext_lazy("Seats per cohort"),
    gettext_lazy("Cohorts at a time"),
    gettext_lazy("Graduates per unit"),
    gettext_lazy("Requires"),
    gettext_lazy("Illustrative"),
    gettext_lazy("Source address"),
)
COHORT_COLUMNS = (
    gettext_lazy("Course"),
    gettext_lazy("Start"),
    gettext_lazy("End"),
    gettext_lazy("Seats"),
    gettext_lazy("Enrolled"),
    gettext_lazy("Graduated"),
)


def course_rows_csv(page: TrainingPage) -> Iterator[list[object]]:
    for c in page.courses:
        yield [
            c.name,
            c.host.name,
            c.site,
            c.get_skill_display(),
            ref_label(c, "item_type"),
            c.duration_weeks,
            c.seats_per_cohort,
            c.concurrent_cohorts,
            c.per_unit,
            "; ".join(p.name for p in page.prerequisites[c.pk]),
            yes_no(bool(c.dataset and c.dataset.illustrative)),
            c.source_url,
        ]


# No column of a related record the reader may not see (requirement, item type, hub): its place in the
# order would tell what the row shows as restricted (its priority, its name).
COURSE_SORTS = {
    "name": ("name",),
    "host": ("host__name", "name"),
    "site": ("site", "name"),
    "skill": ("skill", "name"),
    "weeks": ("duration_weeks", "name"),
    "seats": ("seats_per_cohort", "name"),
}


def cohort_rows(cohorts: Iterable[Cohort]) -> Iterator[list[object]]:
    for c in cohorts:
        yield [c.course.name, c.start, c.end, c.seats, c.enrolled, c.graduated]


@login_required
def training_index(request: HttpRequest) -> HttpResponseBase:
    filters = CourseFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), COURSE_SORTS, default="name")
    page = training_page_get(
        user=actor_of(request),
        skill=chosen.get("skill") or None,
        host=(chosen.get("host") or "").upper() or None,
        order=sort.fields,
    )
    if wants_download(request):
        if request.GET.get("table") == "cohorts":
            return download_response(
                request, "cohorts.csv", [str(h) for h in COHORT_COLUMNS], cohort_rows(page.cohorts)
            )
        return download_response(
            request, "courses.csv", [str(c) for c in COURSE_COLUMNS], course_rows_csv(page)
        )
    return render(
        request,
        "training/courses.html",
        {
            "filter_form": filters,
            "sort": sort,
            "courses": paginate(request, page.courses),
            "prerequisites": page.prerequisites,
            "quarters": page.quarters,
            "chart": trained_by_quarter_chart(page.quarters) if page.quarters else None,
            "reported": page.reported,
            "skills": dict(Skill.choices),
            "may_create": rules.may_create(actor_of(request)),
        },
    )


COHORT_SORTS = {
    "course": ("course__name", "start"),
    "start": ("start",),
    "end": ("end",),
    "seats": ("seats", "start"),
    "enrolled": ("enrolled", "start"),
    "graduated": ("graduated", "start"),
}


@login_required
def cohort_index(request: HttpRequest) -> HttpResponseBase:
    """Every cohort of the courses the user may see: paged, sorted over the whole list, filtered, downloadable."""
    user = actor_of(request)
    filters = CohortFilterForm(request.GET or None, courses=cohort_course_choices(user=user))
    sort = sort_of(request.GET.get("sort"), COHORT_SORTS, default="start")
    cohorts = cohort_page_list(user=user, chosen=filters.chosen(), order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "cohorts.csv", [str(h) for h in COHORT_COLUMNS], cohort_rows(cohorts)
        )
    return render(
        request,
        "training/cohorts.html",
        {"filter_form": filters, "sort": sort, "cohorts": paginate(request, cohorts)},
    )


@login_required
def readiness_index(request: HttpRequest) -> HttpResponseBase:
    try:
        view = readiness_get(user=actor_of(request))
    except ReadinessError as exc:
        messages.error(request, _("Readiness cannot be computed: %(why)s") % {"why": exc})
        return render(request, "training/readiness.html", {"view": None}, status=200)
    if wants_download(request):
        return download_response(
            request, "readiness.csv", readiness_labels(), readiness_page_rows(view)
        )
    return render(
        request,
        "training/readiness.html",
        {
            "view": view,
            "late": view.late_count,
            "gaps": view.gap_count,
            "idle": view.idle_named,
            "names": view.course_names,
            "sources": SOURCE_LABELS,
            "flags": FLAG_LABELS,
        },
    )


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_create(user):
        messages.error(
            request, _("Your role (%(role)s) may not create courses.") % {"role": user.role_label}
        )
        return redirect("training:courses")
    choices = course_form_choices(user=user)
    form = CourseForm(
        request.POST or None,
        initial={"host": choices.own_host},
        hosts=choices.hosts,
        item_types=choices.item_types,
        prerequisites=choices.prerequisites,
        releasabilities=choices.releasabilities,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def write() -> Course:
                return course_create(actor=user, **form.cleaned_data)

            course, status = write_from_form(request, form, write)
            if course is not None:
                messages.success(
                    request,
                    _("Course %(name)s of %(host)s created.")
                    % {"name": course.name, "host": course.host.name},
                )
                return redirect("training:course", pk=course.pk)
    return render(
        request, "training/course_form.html", {"form": form, "course": None}, status=status
    )


def _course_page(
    request: HttpRequest, page: CoursePage, form: CohortForm | None = None, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "training/course_detail.html",
        {
            "course": page.course,
            "prerequisites": page.prerequisites,
            "cohorts": page.cohorts,
            "may_write": page.may_write,
            "today": page.today,
            "cohort_form": (form or CohortForm()) if page.may_write else None,
        },
        status=status,
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    page = or_404(course_page_get, user=actor_of(request), pk=pk)
    if wants_download(request):
        return download_response(
            request,
            f"course-{pk}-cohorts.csv",
            [str(h) for h in COHORT_COLUMNS],
            cohort_rows(page.cohorts),
        )
    return _course_page(request, page)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(course_edit_get, user=user, pk=pk)
    course = page.course
    if request.method != "POST" and not page.may_write:
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _("Only the command or a liaison of %(host)s may edit this course.")
            % {"host": course.host.name},
        )
        return redirect("training:course", pk=pk)
    initial = {name: getattr(course, name) for name in page.editable} | {"version": course.version}
    form = CourseEditForm(
        request.POST or None, initial=initial, editable=page.editable, item_types=page.item_types
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "version" and value != getattr(course, name)
            }
            saved, status = write_from_form(
                request,
                form,
                lambda: course_update(
                    actor=user,
                    course=course,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(request, _("Course %(name)s saved.") % {"name": saved.name})
                return redirect("training:course", pk=pk)
    return render(
        request, "training/course_form.html", {"form": form, "course": course}, status=status
    )


@login_required
@require_POST
def cohort_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(course_page_get, user=user, pk=pk)
    form = CohortForm(request.POST)
    status = 400
    if form.is_valid():
        cohort, status = write_from_form(
            request,
            form,
            lambda: cohort_create(actor=user, course=page.course, **form.cleaned_data),
        )
        if cohort is not None:
            messages.success(
                request,
                _("Cohort of %(course)s from %(start)s planned.")
                % {
                    "course": page.course.name,
                    "start": date_format(cohort.start, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("training:course", pk=pk)
    if status == 403:
        return redirect("training:course", pk=pk)
    return _course_page(request, page, form, status=status)


def _cohort_write(
    request: HttpRequest,
    pk: int,
    form_class: type[EnrolForm] | type[GraduateForm],
    write: Callable[[Actor, Cohort, dict[str, int]], Cohort],
    done: str,
) -> HttpResponse:
    user = actor_of(request)
    page = or_404(cohort_page_get, user=user, pk=pk)
    cohort = page.cohort
    if request.method != "POST" and not page.may_write:
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _("Only the command or a liaison of %(host)s may record this cohort.")
            % {"host": cohort.course.host.name},
        )
        return redirect("training:course", pk=cohort.course_id)
    initial = {
        "enrolled": cohort.enrolled,
        "graduated": cohort.graduated,
        "version": cohort.version,
    }
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved, status = write_from_form(
                request, form, lambda: write(user, cohort, form.cleaned_data)
            )
            if saved is not None:
                named = f"{saved.course.name} {date_format(saved.start, 'SHORT_DATE_FORMAT')}"
                messages.success(request, done % {"cohort": named})
                return redirect("training:course", pk=cohort.course_id)
        if status == 403:
            return redirect("training:course", pk=cohort.course_id)
    return render(
        request,
        "training/cohort_form.html",
        {"form": form, "cohort": cohort, "today": page.today},
        status=status,
    )


@login_required
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_write(
        request,
        pk,
        EnrolForm,
        lambda user, cohort, data: cohort_update(
            actor=user,
            cohort=cohort,
            expected_version=data["version"],
            enrolled=data["enrolled"],
        ),
        _("Enrolment of %(cohort)s recorded."),
    )


@login_required
def cohort_graduate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_write(
        request,
        pk,
        GraduateForm,
        lambda user, cohort, data: cohort_graduate(
            actor=user,
            cohort=cohort,
            expected_version=data["version"],
            graduated=data["graduated"],
        ),
        _("Graduates of %(cohort)s recorded."),
    )
