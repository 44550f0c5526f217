from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.paging import sort_of
from nsatu.core.tables import yes_no
from nsatu.core.web import actor_of, download_response, or_404, paginate, wants_download
from nsatu.coverage.rows import figure, share, stage_figures
from nsatu.dashboards import charts
from nsatu.dashboards.cooperation import cooperation_page_get
from nsatu.dashboards.selectors import (
    STAGE_LABELS,
    LineRow,
    item_type_page_get,
    overview_get,
    party_page_get,
    requirement_index_get,
    requirement_page_get,
    requirement_rows_get,
)
from nsatu.dashboards.work import my_work_get
from nsatu.engine.coverage import STAGES, RequirementCoverage
from nsatu.needs.forms import RequirementFilterForm
from nsatu.needs.models import Requirement, RequirementStatus, UnitKindChoice
from nsatu.needs.workflow import ACTION_LABELS
from nsatu.notifications.context_processors import MY_WORK_SESSION_KEY
from nsatu.pledges.models import PledgeStatus

# NATO's guideline of 2 % of GDP on defence (Wales summit, 2014).
DEFENCE_GUIDELINE_PCT = 2.0


def _requirement_header() -> list[str]:
    # Read per request: the labels are in the reader's language.
    return [
        _("Reference"),
        _("Title"),
        _("Capability area"),
        _("Priority"),
        _("Needed by"),
        _("Quantity"),
        _("Unit"),
        _("Unit kind"),
        _("Period"),
        _("Status"),
        _("Needed (counted)"),
        *(str(STAGE_LABELS[s]) for s in STAGES),
        _("Covered share"),
        _("Illustrative"),
    ]


# The columns a person sorts the whole list by; coverage figures are computed, not stored, so they do not sort.
REQUIREMENT_SORTS = {
    "priority": ("priority", "needed_by", "reference"),
    "reference": ("reference",),
    "title": ("title",),
    "area": ("capability_area", "priority"),
    "needed_by": ("needed_by", "priority"),
    "quantity": ("quantity",),
    "status": ("status", "priority"),
}


def _unit_kinds() -> dict[str, str]:
    # Labels are translated per request, so they are read when a page is drawn.
    return {str(k): str(v) for k, v in UnitKindChoice.choices}


def _download_row(
    r: Requirement, c: RequirementCoverage | None, unit_kinds: dict[str, str]
) -> list[object]:
    # Rounded as `nsatu export coverage` rounds them. A requirement that is not published is not covered:
    # its figures stay empty, not 0.
    figures: list[object] = (
        [figure(c.need.quantity), *stage_figures(c.stages).values(), share(c.covered_share)]
        if c is not None
        else [None] * (len(STAGES) + 2)
    )
    return [
        r.reference,
        r.title,
        str(r.get_capability_area_display()),
        r.priority,
        r.needed_by,
        r.quantity,
        r.unit,
        unit_kinds.get(r.unit_kind, r.unit_kind),
        str(r.get_period_display()),
        str(r.get_status_display()),
        *figures,
        yes_no(r.illustrative),
    ]


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    data = overview_get(user=actor_of(request))
    work = my_work_get(user=actor_of(request))
    # The header shows this count on every page without computing it again (notifications' context processor).
    if request.session.get(MY_WORK_SESSION_KEY) != work.total:
        request.session[MY_WORK_SESSION_KEY] = work.total
    area_labels = dict(CapabilityArea.choices)
    unit_kinds = _unit_kinds()
    return render(
        request,
        "dashboards/overview.html",
        {
            "overview": data,
            "my_work": work,
            "requirements_page": paginate(request, data.rows),
            "area_labels": area_labels,
            "unit_kinds": unit_kinds,
            "donor_aid_chart": charts.donor_aid_chart(data.donor_aid),
            "aid_over_time_chart": charts.aid_over_time_chart(data.aid_over_time),
            "heavy_weapons_chart": charts.heavy_weapons_chart(data.heavy_weapons),
            "area_chart": charts.area_coverage_chart(data.areas, area_labels, unit_kinds),
        },
    )


@login_required
def requirement_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = RequirementFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    chosen = {
        "status": criteria.get("status") or None,
        "capability_area": criteria.get("capability_area") or None,
        "search": criteria.get("q") or None,
    }
    sort = sort_of(request.GET.get("sort"), REQUIREMENT_SORTS, default="priority")
    if wants_download(request):
        unit_kinds = _unit_kinds()
        return download_response(
            request,
            "requirements.csv",
            _requirement_header(),
            (
                _download_row(r, c, unit_kinds)
                for r, c in requirement_rows_get(user=user, order=sort.fields, **chosen)
            ),
        )
    data = requirement_index_get(
        user=user, page=request.GET.get("page"), order=sort.fields, **chosen
    )
    return render(
        request,
        "dashboards/requirement_list.html",
        {
            "filter_form": filters,
            "page": data.page,
            "coverage": data.coverage,
            "may_create": data.may_create,
            "unit_kinds": _unit_kinds(),
            "sort": sort,
        },
    )


@login_required
def requirement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = or_404(requirement_page_get, user=actor_of(request), pk=pk, page=request.GET.get("page"))
    return render(
        request,
        "dashboards/requirement_detail.html",
        {
            "requirement": data.detail.requirement,
            "coverage": data.detail.coverage,
            "detail": data.detail,
            "unit_kinds": _unit_kinds(),
            "statuses": dict(PledgeStatus.choices),
            "stage_labels": STAGE_LABELS,
            "actions": [(t, ACTION_LABELS[RequirementStatus(t)]) for t in data.detail.transitions],
            "may_edit": data.may_edit,
            "pledges": data.pledges,
        },
    )


def _aid_line_download(
    request: HttpRequest, filename: str, name_label: str, lines: Iterable[LineRow]
) -> HttpResponseBase:
    """A page's aid lines, all of them (a party's page lists the first only), as the page names them."""
    header = [
        _("Aid line"),
        name_label,
        _("Announced"),
        _("Committed"),
        _("Delivered"),
        _("Sources"),
        _("Sources disagree on"),
        _("Illustrative"),
    ]
    rows = (
        [
            r.line.id,
            r.name or None,
            r.line.announced,
            r.line.committed,
            r.line.delivered,
            len(r.line.attestations),
            ", ".join(str(STAGE_LABELS.get(d, d)) for d in r.line.disagreements),
            yes_no(r.line.illustrative),
        ]
        for r in lines
    )
    return download_response(request, filename, header, rows)


@login_required
def party_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    data = or_404(
        party_page_get,
        user=actor_of(request),
        code=code,
        cursor=request.GET.get("cursor"),
        every_line=wants_download(request),
    )
    if wants_download(request):
        return _aid_line_download(
            request, f"{data.party.code}-aid-lines.csv", _("Item type"), data.lines
        )
    return render(
        request,
        "dashboards/party_detail.html",
        {
            "party": data.party,
            "gdp": data.gdp,
            "defence": data.defence,
            "guideline": DEFENCE_GUIDELINE_PCT,
            "gdp_chart": charts.gdp_chart(data.gdp) if data.gdp else None,
            "defence_chart": charts.defence_chart(data.defence, guideline=DEFENCE_GUIDELINE_PCT)
            if data.defence
            else None,
            "kiel": data.kiel,
            "pledges": data.pledges,
            "may_edit": data.may_edit,
            "page_data": data,
            "stage_labels": STAGE_LABELS,
        },
    )


@login_required
def item_type_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    data = or_404(
        item_type_page_get,
        user=actor_of(request),
        pk=pk,
        page=request.GET.get("page"),
        every_line=wants_download(request),
    )
    if wants_download(request):
        return _aid_line_download(request, f"item-type-{pk}-aid-lines.csv", _("Donor"), data.lines)
    return render(
        request,
        "dashboards/item_type_detail.html",
        {
            "item": data.item,
            "pledges": data.pledges,
            "may_edit": data.may_edit,
            "page_data": data,
            "unit_kinds": _unit_kinds(),
            "stage_labels": STAGE_LABELS,
        },
    )


@login_required
def cooperation(request: HttpRequest) -> HttpResponse:
    page = cooperation_page_get(user=actor_of(request))
    return render(request, "dashboards/cooperation.html", {"page": page})
