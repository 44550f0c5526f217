from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nsatu.core.actors import Role
from nsatu.core.web import csv_response, or_404, paginate, wants_csv, write_from_form
from nsatu.dashboards import charts
from nsatu.parties.forms import PartyEditForm, PartyFilterForm, PartyForm
from nsatu.parties.selectors import party_defence_series, party_gdp_series, party_get, party_list
from nsatu.parties.services import party_create, party_update
from nsatu.pledges.selectors import donor_aid_for_party, pledge_list

# NATO's guideline of 2 % of GDP on defence (Wales summit, 2014).
DEFENCE_GUIDELINE_PCT = 2.0


@login_required
def party_index(request: HttpRequest) -> HttpResponse:
    filters = PartyFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = party_list(
        user=request.user,
        kind=criteria.get("kind") or None,
        group=criteria.get("group") or None,
        search=criteria.get("q") or None,
    )
    if wants_csv(request):
        return csv_response(
            "parties.csv",
            ["code", "name", "kind", "memberships"],
            (
                [p.code, p.name, p.kind, ";".join(m.group for m in p.memberships.all())]
                for p in rows
            ),
        )
    return render(
        request,
        "parties/party_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "may_create": request.user.role == Role.COORDINATOR,  # type: ignore[union-attr]
        },
    )


@login_required
def party_detail(request: HttpRequest, code: str) -> HttpResponse:
    party = or_404(party_get, user=request.user, code=code)
    gdp = party_gdp_series(party=party)
    defence = party_defence_series(party=party)
    return render(
        request,
        "parties/party_detail.html",
        {
            "party": party,
            "gdp": gdp,
            "defence": defence,
            "guideline": DEFENCE_GUIDELINE_PCT,
            "gdp_chart": charts.gdp_chart(gdp) if gdp else None,
            "defence_chart": charts.defence_chart(defence, guideline=DEFENCE_GUIDELINE_PCT)
            if defence
            else None,
            "kiel": donor_aid_for_party(code=party.code),
            "pledges": paginate(request, pledge_list(user=request.user, donor=party.code)),
            "may_edit": request.user.role == Role.COORDINATOR,  # type: ignore[union-attr]
        },
    )


def _refuse_role(
    request: HttpRequest, action: str, to: str, **url_kwargs: Any
) -> HttpResponse | None:
    user: Any = request.user
    if user.role == Role.COORDINATOR:
        return None
    messages.error(
        request,
        _("Your role (%(role)s) may not %(action)s.") % {"role": user.role_label, "action": action},
    )
    response: HttpResponse = redirect(to, **url_kwargs)
    return response


@login_required
def party_new(request: HttpRequest) -> HttpResponse:
    refused = _refuse_role(request, _("register parties"), "parties:list")
    if refused:
        return refused
    form = PartyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            party, status = write_from_form(
                request,
                form,
                lambda: party_create(actor=request.user, **form.cleaned_data),  # type: ignore[arg-type]
            )
            if party is not None:
                messages.success(
                    request,
                    _("Party %(name)s (%(code)s) registered.")
                    % {"name": party.name, "code": party.code},
                )
                return redirect("parties:detail", code=party.code)
    return render(request, "parties/party_form.html", {"form": form, "party": None}, status=status)


@login_required
def party_edit(request: HttpRequest, code: str) -> HttpResponse:
    party = or_404(party_get, user=request.user, code=code)
    if request.method != "POST":
        # A POST still goes to the service, which refuses with its own reason.
        refused = _refuse_role(request, _("edit parties"), "parties:detail", code=party.code)
        if refused:
            return refused
    form = PartyEditForm(
        request.POST or None,
        initial={"name": party.name, "kind": party.kind, "version": party.version},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in ("name", "kind")}
            saved, status = write_from_form(
                request,
                form,
                lambda: party_update(
                    actor=request.user,  # type: ignore[arg-type]
                    party=party,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    _("Party %(name)s (%(code)s) saved.")
                    % {"name": saved.name, "code": saved.code},
                )
                return redirect("parties:detail", code=saved.code)
    return render(request, "parties/party_form.html", {"form": form, "party": party}, status=status)
