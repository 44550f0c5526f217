from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _lazy

from nsatu.catalogue.models import CapabilityArea
from nsatu.coalitions.forms import CoalitionFilterForm, MembershipForm
from nsatu.coalitions.rows import PAGE_HEADER, page_rows
from nsatu.coalitions.selectors import (
    coalition_index_get,
    coalition_page_get,
    coalition_party_choices,
)
from nsatu.core.actors import Actor
from nsatu.core.paging import sort_of
from nsatu.core.refs import field_ref
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_from_form,
)
from nsatu.coverage.rows import STAGE_LABELS
from nsatu.needs.models import UnitKindChoice
from nsatu.parties.models import Coalition, Party
from nsatu.parties.selectors import party_get
from nsatu.parties.services import coalition_membership_change

# Columns the list sorts by (core.paging.sort_of); parties.selectors.coalition_list breaks ties by name.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "capability_area": ("capability_area",),
    "established": ("established",),
    "member_count": ("member_count",),
}
UDCG_FILTER = {"udcg": True, "related": False}


@login_required
def coalition_index(request: HttpRequest) -> HttpResponseBase:
    filters = CoalitionFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), SORTS, default="name")
    data = coalition_index_get(
        user=actor_of(request),
        capability_area=criteria.get("capability_area") or None,
        udcg=UDCG_FILTER.get(criteria.get("kind") or ""),
        search=criteria.get("q") or None,
        order=sort.fields[0],
    )
    if wants_download(request):
        return download_response(
            request, "coalitions.csv", PAGE_HEADER, page_rows(data.coalitions, data.members)
        )
    return render(
        request,
        "coalitions/coalition_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, data.coalitions),
            "members": data.members,
            "sort": sort,
            "section": "coalitions",
        },
    )


@login_required
def coalition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    data = or_404(coalition_page_get, user=user, pk=pk)
    form = MembershipForm(request.POST or None, parties=coalition_party_choices(user=user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done, status = write_from_form(
                request, form, _membership_write(user, data.coalition, form.cleaned_data)
            )
            if done is not None:
                messages.success(request, done)
                return redirect("coalitions:detail", pk=pk)
    return render(
        request,
        "coalitions/coalition_detail.html",
        {
            "page_data": data,
            "coalition": data.coalition,
            "form": form,
            "area_labels": dict(CapabilityArea.choices),
            "unit_kinds": dict(UnitKindChoice.choices),
            "stages": list(STAGE_LABELS.items()),
            "section": "coalitions",
        },
        status=status,
    )


DONE = {
    "add": _lazy("%(party)s added to %(c)s."),
    "add_lead": _lazy("%(party)s added to %(c)s as a lead."),
    "lead": _lazy("%(party)s is now a lead of %(c)s."),
    "unlead": _lazy("%(party)s is now a plain member of %(c)s."),
    "remove": _lazy("%(party)s removed from %(c)s."),
}


def _membership_write(
    actor: Actor, coalition: Coalition, data: dict[str, object]
) -> Callable[[], str]:
    """The one service call the form asks for, returning the message that says what was done."""

    def write() -> str:
        code = str(data["party"])
        party: Party = field_ref("party", code, lambda: party_get(user=actor, code=code))
        version = data.get("version")
        action = str(data["action"])
        coalition_membership_change(
            actor=actor,
            coalition=coalition,
            party=party,
            action=action,
            source_url=str(data.get("source_url") or ""),
            expected_version=version if isinstance(version, int) else None,
        )
        return str(DONE[action]) % {"party": party.name, "c": coalition.name}

    return write
