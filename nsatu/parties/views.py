from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nsatu.core.paging import sort_of
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    refused_by,
    wants_download,
    write_from_form,
)
from nsatu.parties.forms import PartyEditForm, PartyFilterForm, PartyForm
from nsatu.parties.rules import (
    EDITABLE_FIELDS,
    check_may_create_party,
    check_may_edit_party,
    may_create_party,
)
from nsatu.parties.selectors import party_get, party_list
from nsatu.parties.services import party_create, party_update

SORTS = {"name": ("name",), "code": ("code",), "kind": ("kind", "name")}


@login_required
def party_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = PartyFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), SORTS, default="name")
    rows = party_list(
        user=user,
        kind=criteria.get("kind") or None,
        group=criteria.get("group") or None,
        search=criteria.get("q") or None,
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request,
            "parties.csv",
            [_("Code"), _("Name"), _("Kind"), _("Memberships")],
            (
                [
                    p.code,
                    p.name,
                    p.get_kind_display(),
                    "; ".join(str(m.get_group_display()) for m in p.memberships.all()),
                ]
                for p in rows
            ),
        )
    return render(
        request,
        "parties/party_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "may_create": may_create_party(user),
            "sort": sort,
        },
    )


@login_required
def party_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    refused = refused_by(request, check_may_create_party, user, to="parties:list")
    if refused:
        return refused
    form = PartyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            party, status = write_from_form(
                request, form, lambda: party_create(actor=user, **form.cleaned_data)
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
    user = actor_of(request)
    party = or_404(party_get, user=user, code=code)
    if request.method != "POST":
        # A POST still goes to the service, which refuses with its own reason.
        refused = refused_by(
            request, check_may_edit_party, user, to="parties:detail", code=party.code
        )
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
            changes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            saved, status = write_from_form(
                request,
                form,
                lambda: party_update(
                    actor=user,
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
