from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.errors import NotFound
from nsatu.core.web import (
    csv_response,
    or_404,
    refuse,
    wants_csv,
    write_and_redirect,
    write_from_form,
)
from nsatu.engine.interop.scenario import Rule, ScenarioError
from nsatu.parties.selectors import party_visible
from nsatu.resilience import charts
from nsatu.resilience.briefing import briefing_pdf, briefing_xlsx
from nsatu.resilience.forms import FleetFilterForm, RuleFormSet, SaveScenarioForm, ScenarioForm
from nsatu.resilience.selectors import (
    US_STOPS,
    Horizon,
    briefing_get,
    consolidation_get,
    fleet_page_get,
    horizon_for,
    preset_rules,
    scenario_get,
    scenario_page_get,
    scenario_rules,
)
from nsatu.resilience.services import MAY_SAVE, scenario_create, scenario_delete

AREAS = {str(k): str(v) for k, v in CapabilityArea.choices}


@login_required
def fleet(request: HttpRequest) -> HttpResponse:
    filters = FleetFilterForm(request.GET or None)
    grouping = (filters.cleaned_data.get("grouping") if filters.is_valid() else "") or "area"
    page = fleet_page_get(user=request.user, grouping=grouping)
    if wants_csv(request):
        return csv_response(
            "fleet.csv",
            ["capability_area", "item_type", "ammunition_family", "donor", "quantity", "source"],
            (
                [
                    r.item.capability_area,
                    r.item.name,
                    "; ".join(r.item.families),
                    r.entry.donor,
                    r.entry.quantity,
                    r.source_text(),
                ]
                for r in page.register.rows
            ),
        )
    return render(
        request,
        "resilience/fleet.html",
        {
            "filter_form": filters,
            "grouping": grouping,
            "p": page,
            "areas": AREAS,
            "chart": charts.fragmentation_chart(page.fragmentation, AREAS)
            if grouping == "area" and page.fragmentation
            else None,
        },
    )


@login_required
def consolidation(request: HttpRequest) -> HttpResponse:
    view = consolidation_get(user=request.user, horizon=horizon_for())
    return render(request, "resilience/consolidation.html", {"c": view, "areas": AREAS})


def _donor_choices(user: Any) -> list[tuple[str, str]]:
    return list(
        party_visible(user=user).exclude(code="UKR").order_by("name").values_list("code", "name")
    )


def _builder(
    request: HttpRequest,
    data: QueryDict | None,
    rules: list[Rule] | None = None,
    horizon: Horizon | None = None,
) -> tuple[ScenarioForm, Any]:
    """The scenario form bound to `data`, or filled with `rules` and `horizon`."""
    donors = _donor_choices(request.user)
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
            "horizon_months": horizon.months if horizon else 12,
        }
    )
    return frame, RuleFormSet(initial=initial, form_kwargs={"donors": donors})


def _page(
    request: HttpRequest, rules: list[Rule] | None, horizon: Horizon, with_plan: bool
) -> dict[str, Any]:
    try:
        page = scenario_page_get(
            user=request.user, rules=rules, horizon=horizon, with_plan=with_plan
        )
    except ScenarioError as exc:
        messages.error(
            request, _("%(where)s: %(message)s") % {"where": exc.where, "message": exc.message}
        )
        page = scenario_page_get(user=request.user, rules=None, horizon=horizon)
    return {
        "p": page,
        "horizon": horizon,
        "compare_chart": charts.comparison_chart(page.comparison, AREAS)
        if page.comparison
        else None,
    }


@login_required
def scenarios(request: HttpRequest) -> HttpResponse:
    """Build a scenario (GET: nothing is written) and compare it with the baseline; a preset fills the form."""
    user: Any = request.user
    rules: list[Rule] | None = None
    horizon = horizon_for()
    with_plan = False
    preset = request.GET.get("preset")
    if preset:
        try:
            rules = preset_rules(preset, as_of=horizon.as_of)
        except NotFound:
            messages.error(request, _("There is no preset scenario %(name)r.") % {"name": preset})
            return redirect("resilience:scenarios")
        frame, rule_forms = _builder(request, None, rules, horizon)
    elif "form-TOTAL_FORMS" in request.GET:
        frame, rule_forms = _builder(request, request.GET)
        if frame.is_valid() and rule_forms.is_valid():
            rules = rule_forms.rules()
            horizon = horizon_for(
                as_of=frame.cleaned_data["as_of"], months=frame.cleaned_data["horizon_months"]
            )
            with_plan = frame.cleaned_data["with_plan"]
            if not rules:
                messages.error(
                    request, _("Add at least one rule: a donor that withdraws, delays or caps.")
                )
    else:
        frame, rule_forms = _builder(request, None, horizon=horizon)
    return render(
        request,
        "resilience/scenarios.html",
        {
            "frame": frame,
            "rule_forms": rule_forms,
            "may_save": getattr(user, "role", None) in MAY_SAVE,
            "save_form": SaveScenarioForm(),
            "preset_us": US_STOPS,
            "areas": AREAS,
            **_page(request, rules, horizon, with_plan),
        },
        status=400 if frame.is_bound and not (frame.is_valid() and rule_forms.is_valid()) else 200,
    )


def _problems(*forms: Any) -> str:
    parts = []
    for f in forms:
        for name, errors in f.errors.items():
            text = " ".join(str(e) for e in errors)
            parts.append(f"{f.fields[name].label}: {text}" if name in f.fields else text)
    return " ".join(parts)


@login_required
@require_POST
def scenario_save(request: HttpRequest) -> HttpResponse:
    """Save the scenario the query string describes (the builder's GET form) under the posted name."""
    user: Any = request.user
    frame, rule_forms = _builder(request, request.GET)
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
            horizon_months=frame.cleaned_data["horizon_months"] or 12,
            as_of=frame.cleaned_data["as_of"],
        ),
    )
    if scenario is None:
        if (
            form.errors
        ):  # the service's field errors were put on the form; the page shown next is the builder
            messages.error(
                request, _("The scenario was not saved. %(why)s") % {"why": _problems(form)}
            )
        return redirect(back)
    messages.success(request, _("Scenario %(name)s saved.") % {"name": scenario.name})
    return redirect("resilience:scenario", pk=scenario.pk)


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    scenario = or_404(scenario_get, user=user, pk=pk)
    rules = scenario_rules(scenario)
    horizon = horizon_for(as_of=scenario.as_of, months=scenario.horizon_months)
    frame, rule_forms = _builder(request, None, rules, horizon)
    return render(
        request,
        "resilience/scenario_detail.html",
        {
            "scenario": scenario,
            "frame": frame,
            "rule_forms": rule_forms,
            "areas": AREAS,
            "may_delete": getattr(user, "role", None) in MAY_SAVE
            and scenario.owner_id == user.party_id,
            **_page(request, rules, horizon, with_plan=request.GET.get("plan") == "1"),
        },
    )


@login_required
@require_POST
def scenario_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    try:
        scenario = scenario_get(user=user, pk=pk)
    except NotFound:
        refuse(
            request,
            NotFound(_("Scenario %(pk)s does not exist or is not visible to you.") % {"pk": pk}),
        )
        return redirect("resilience:scenarios")
    name = scenario.name
    return write_and_redirect(
        request,
        lambda: scenario_delete(actor=user, scenario=scenario),
        done=lambda _none: _("Scenario %(name)s deleted.") % {"name": name},
        to="resilience:scenarios",
    )


@login_required
def briefing(request: HttpRequest, fmt: str) -> HttpResponse:
    """The one-click briefing for a contact-group meeting, as PDF or XLSX, with what this user may see."""
    b = briefing_get(user=request.user, horizon=horizon_for())
    if fmt == "xlsx":
        body = briefing_xlsx(b)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = briefing_pdf(b), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="nsatu-briefing-{b.horizon.as_of.isoformat()}.{fmt}"'
    )
    return response
