from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nsatu.dashboards import charts
from nsatu.dashboards.web import csv_response, or_404, paginate, wants_csv
from nsatu.parties.forms import PartyFilterForm
from nsatu.parties.selectors import party_defence_series, party_gdp_series, party_get, party_list
from nsatu.pledges.selectors import donor_aid_for_party, pledge_list

# NATO's guideline of 2 % of GDP on defence (Wales summit, 2014).
DEFENCE_GUIDELINE_PCT = 2.0


@login_required
def party_index(request: HttpRequest) -> HttpResponse:
    filters = PartyFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = party_list(user=request.user, kind=criteria.get("kind") or None, group=criteria.get("group") or None,
                      search=criteria.get("q") or None)
    if wants_csv(request):
        return csv_response("parties.csv", ["code", "name", "kind", "memberships"], (
            [p.code, p.name, p.kind, ";".join(m.group for m in p.memberships.all())] for p in rows))
    return render(request, "parties/party_list.html", {"filter_form": filters, "page": paginate(request, rows)})


@login_required
def party_detail(request: HttpRequest, code: str) -> HttpResponse:
    party = or_404(party_get, user=request.user, code=code)
    gdp = party_gdp_series(party=party)
    defence = party_defence_series(party=party)
    return render(request, "parties/party_detail.html", {
        "party": party,
        "gdp": gdp,
        "defence": defence,
        "guideline": DEFENCE_GUIDELINE_PCT,
        "gdp_chart": charts.gdp_chart(gdp) if gdp else None,
        "defence_chart": charts.defence_chart(defence, guideline=DEFENCE_GUIDELINE_PCT) if defence else None,
        "kiel": donor_aid_for_party(code=party.code),
        "pledges": paginate(request, pledge_list(user=request.user, donor=party.code)),
    })
