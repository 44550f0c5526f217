from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.errors import NotFound
from nsatu.core.paging import sort_of
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    refuse,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.engine.interop.scenario import Rule
from nsatu.needs.models import UnitKindChoice
from nsatu.resilience import charts, rules
from nsatu.resilience.briefing import briefing_pdf
from nsatu.resilience.briefing_layout import FontMissing
from nsatu.resilience.briefing_selectors import briefing_get
from nsatu.resilience.briefing_xlsx import briefing_xlsx
from nsatu.resilience.forms import (
    BaseRuleFormSet,
    FleetFilterForm,
    RuleFormSet,
    SaveScenarioForm,
    ScenarioForm,
)
from nsatu.resilience.horizon import DEFAULT_HORIZON_MONTHS, Horizon, horizon_for
from nsatu.resilience.presets import US_STOPS, preset_rules
from nsatu.resilience.scenarios import (
    ScenarioPage,
    scenario_detail_page_get,
    scenario_donor_choices,
    scenario_page_get,
)
from nsatu.resilience.selectors import (
    GROUPINGS,
    REGISTER_ORDER,
    consolidation_get,
    fleet_donor_choices,
    fleet_page_get,
    fleet_register_rows,
)
from nsatu.resilience.services import scenario_create, scenario_delete
from nsatu.resilience.tables import (
    Download,
    comparison_areas,
    comparison_requirements,
    concentration_areas,
    concentration_requirements,
    consolidation_table,
    offer_effects,
)


def _areas() -> dict[str, str]:
    # Labels are translated per request, so they are read when a page is drawn.
    return {str(k): str(v) for k, v in CapabilityArea.choices}


def _unit_kinds() -> dict[str, str]:
    # Labels are translated per request, so they are read when a page is drawn.
    return {str(k): str(v) for k, v in UnitKindChoice.choices}


# The table a page download asks for when the page shows several (`?table=`); the first is the default.
# The fleet page lists the open offers with the largest effect; the download holds them all.
OFFERS_SHOWN = 100
SCENARIO_TABLES = ("areas", "requirements", "concentration-areas", "concentration-requirements")


def _download(request: HttpRequest, table: Download | None) -> HttpResponseBase:
    if table is None:
        raise Http404(_("This page has no such table."))
    return download_response(request, table.filename, table.header, table.rows)


def _scenario_table(request: HttpRequest, page: ScenarioPage) -> HttpResponseBase:
    """The scenario page's tables: the comparison when a scenario is compared, else today's concentration."""
    name = request.GET.get("table") or (
        SCENARIO_TABLES[0] if page.comparison else SCENARIO_TABLES[2]
    )
    areas, kinds = _areas(), _unit_kinds()
    table: Download | None = None
    if page.comparison is not None and name == "areas":
        table = comparison_areas(page.comparison, areas, kinds)
    elif page.comparison is not None and name == "requirements":
        table = comparison_requirements(page.comparison, kinds, page.donors)
    elif page.concentration is not None and name == "concentration-areas":
        table = concentration_areas(page.concentration, areas, kinds, page.donors)
    elif page.concentration is not None and name == "concentration-requirements":
        table = concentration_requirements(page.concentration, page.donors)
    return _download(request, table)


@login_required
def fleet(request: HttpRequest) -> HttpResponseBase:
    asked = request.GET.get("grouping")
    grouping = asked if asked in GROUPINGS else "area"
    page = fleet_page_get(user=actor_of(request), grouping=grouping)
    filters = FleetFilterForm(
        request.GET or None, donors=fleet_donor_choices(rows=page.register.rows, donors=page.donors)
    )
    chosen = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), REGISTER_ORDER, default="area")
    rows = fleet_register_rows(
        rows=page.register.rows,
        donors=page.donors,
        area=chosen.get("area") or "",
        donor=chosen.get("donor") or "",
        text=chosen.get("q") or "",
        order=sort.fields,
    )
    areas = _areas()
    if wants_download(request) and request.GET.get("table") == "offers":
        return _download(request, offer_effects(page.offers, areas, page.donors))
    if wants_download(request):
        return download_response(
            request,
            "fleet.csv",
            [
                _("Capability area"),
                _("Item type"),
                _("Ammunition families"),
                _("Donor"),
                _("Fielded"),
                _("Counted from"),
                _("Also reported (not counted)"),
            ],
            (
                [
                    areas.get(r.item.capability_area, r.item.capability_area),
                    r.item.name,
                    "; ".join(r.item.families),
                    page.donors.get(r.entry.donor, r.entry.donor),
                    r.entry.quantity,
                    "; ".join(r.counted_text),
                    "; ".join(r.also_text),
                ]
                for r in rows
            ),
        )
    return render(
        request,
        "resilience/fleet.html",
        {
            "filter_form": filters,
            "grouping": grouping,
            "p": page,
            "register": paginate(request, rows),
            "sort": sort,
            "areas": areas,
            "offers_shown": OFFERS_SHOWN,
            "chart": charts.fragmentation_chart(page.fragmentation, areas)
            if grouping == "area" and page.fragmentation
            else None,
        },
    )


@login_required
def consolidation(request: HttpRequest) -> HttpResponseBase:
    view = consolidation_get(user=actor_of(request), horizon=horizon_for())
    if wants_download(request):
        return _download(
            request, consolidation_table(request.GET.get("table", ""), view, _unit_kinds())
        )
    return render(
        request,
        "resilience/consolidation.html",
        {"c": view, "areas": _areas(), "unit_kinds": _unit_kinds()},
    )


def _builder(
    donors: list[tuple[str, str]],
    data: QueryDict | None,
    rules: list[Rule] | None = None,
    horizon: Horizon | None = None,
) -> tuple[ScenarioForm, BaseRuleFormSet]:
    """The scenario form bound to `data`, or filled with `rules` and `horizon`."""
    if data is not None:
        return ScenarioForm(data), RuleFormSet(data, form_kwargs={"donors": donors})
    initial = [
        {
            "donor": r.donor,
            "kind": r.kind,
            "start": r.start,
            "months": r.months or None,
            "amount": r.amount,
            "unit": r.unit,
        }
        for r in rules or []
    ]
    frame = ScenarioForm(
        initial={
            "as_of": horizon.as_of if horizon else None,
            "horizon_months": horizon.months if horizon else DEFAULT_HORIZON_MONTHS,
        }
    )
    return frame, RuleFormSet(initial=initial, form_kwargs={"donors": donors})


def _page_context(request: HttpRequest, page: ScenarioPage, horizon: Horizon) -> dict[str, Any]:
    if page.refused is not None:
        messages.error(
            request,
            _("%(where)s: %(message)s")
            % {"where": page.refused.where, "message": page.refused.message},
        )
    return {
        "p": page,
        "horizon": horizon,
        "unit_kinds": _unit_kinds(),
        "compare_chart": charts.comparison_chart(page.comparison, _areas(), _unit_kinds())
        if page.comparison
        else None,
    }


@login_required
def scenarios(request: HttpRequest) -> HttpResponseBase:
    """Build a scenario (GET: nothing is written) and compare it with the baseline; a preset fills the form."""
    user = actor_of(request)
    rules_asked: list[Rule] | None = None
    horizon = horizon_for()
    with_plan = False
    preset = request.GET.get("preset")
    donors = scenario_donor_choices(user=user)
    if preset:
        try:
            rules_asked = preset_rules(preset, as_of=horizon.as_of)
        except NotFound:
            messages.error(request, _("There is no preset scenario %(name)r.") % {"name": preset})
            return redirect("resilience:scenarios")
        frame, rule_forms = _builder(donors, None, rules_asked, horizon)
    elif "form-TOTAL_FORMS" in request.GET:
        frame, rule_forms = _builder(donors, request.GET)
        if frame.is_valid() and rule_forms.is_valid():
            rules_asked = rule_forms.rules()
            horizon = horizon_for(
                as_of=frame.cleaned_data["as_of"], months=frame.cleaned_data["horizon_months"]
            )
            with_plan = frame.cleaned_data["with_plan"]
            if not rules_asked:
                messages.error(
                    request, _("Add at least one rule: a donor that withdraws, delays or caps.")
                )
    else:
        frame, rule_forms = _builder(donors, None, horizon=horizon)
    page = scenario_page_get(user=user, rules=rules_asked, horizon=horizon, with_plan=with_plan)
    if wants_download(request):
        return _scenario_table(request, page)
    return render(
        request,
        "resilience/scenarios.html",
        {
            "frame": frame,
            "rule_forms": rule_forms,
            "may_save": rules.may_save(user),
            "save_form": SaveScenarioForm(),
            "preset_us": US_STOPS,
            "areas": _areas(),
            **_page_context(request, page, horizon),
        },
        status=400 if frame.is_bound and not (frame.is_valid() and rule_forms.is_valid()) else 200,
    )


def _problems(*bound: forms.BaseForm) -> str:
    parts = []
    for f in bound:
        for name, errors in f.errors.items():
            text = " ".join(str(e) for e in errors)
            parts.append(f"{f.fields[name].label}: {text}" if name in f.fields else text)
    return " ".join(parts)


@login_required
@require_POST
def scenario_save(request: HttpRequest) -> HttpResponse:
    """Save the scenario the query string describes (the builder's GET form) under the posted name."""
    user = actor_of(request)
    frame, rule_forms = _builder(scenario_donor_choices(user=user), request.GET)
    form = SaveScenarioForm(request.POST)
    back = reverse("resilience:scenarios") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not (form.is_valid() and frame.is_valid() and rule_forms.is_valid()):
        why = _problems(form, frame, *rule_forms.forms) + " ".join(
            str(e) for e in rule_forms.non_form_errors()
        )
        messages.error(
            request,
            _("The scenario was not saved. %(why)s") % {"why": why or _("Check the rules.")},
        )
        return redirect(back)
    scenario, _status = write_from_form(
        request,
        form,
        lambda: scenario_create(
            actor=user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            releasability=form.cleaned_data["releasability"],
            rules=rule_forms.rules(),
            horizon_months=frame.cleaned_data["horizon_months"] or DEFAULT_HORIZON_MONTHS,
            as_of=frame.cleaned_data["as_of"],
        ),
    )
    if scenario is None:
        # The service's field errors were put on the form; the page shown next is the builder.
        if form.errors:
            messages.error(
                request, _("The scenario was not saved. %(why)s") % {"why": _problems(form)}
            )
        return redirect(back)
    messages.success(request, _("Scenario %(name)s saved.") % {"name": scenario.name})
    return redirect("resilience:scenario", pk=scenario.pk)


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = actor_of(request)
    detail = or_404(
        scenario_detail_page_get, user=user, pk=pk, with_plan=request.GET.get("plan") == "1"
    )
    if wants_download(request):
        return _scenario_table(request, detail.page)
    frame, rule_forms = _builder(detail.donor_choices, None, detail.rules, detail.horizon)
    return render(
        request,
        "resilience/scenario_detail.html",
        {
            "scenario": detail.scenario,
            "frame": frame,
            "rule_forms": rule_forms,
            "areas": _areas(),
            "may_delete": rules.may_delete(user, detail.scenario),
            **_page_context(request, detail.page, detail.horizon),
        },
    )


@login_required
@require_POST
def scenario_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    try:
        return write_and_redirect(
            request,
            lambda: scenario_delete(actor=user, scenario_id=pk),
            done=lambda deleted: _("Scenario %(name)s deleted.") % {"name": deleted.name},
            to="resilience:scenarios",
        )
    except NotFound:
        refuse(
            request,
            NotFound(_("Scenario %(pk)s does not exist or is not visible to you.") % {"pk": pk}),
        )
        return redirect("resilience:scenarios")


@login_required
def briefing(request: HttpRequest, fmt: str) -> HttpResponse:
    """The one-click briefing for a contact-group meeting, as PDF or XLSX, with what this user may see."""
    b = briefing_get(user=actor_of(request), horizon=horizon_for())
    if fmt == "xlsx":
        body = briefing_xlsx(b)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        try:
            body, content_type = briefing_pdf(b), "application/pdf"
        except FontMissing as exc:
            # The host lacks a system package: say which, rather than fail the request.
            messages.error(request, str(exc))
            return redirect("resilience:scenarios")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="nsatu-briefing-{b.horizon.as_of.isoformat()}.{fmt}"'
    )
    return response
