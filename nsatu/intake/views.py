from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Role
from nsatu.core.visibility import readable_releasabilities
from nsatu.core.web import or_404, paginate, write_and_redirect, write_from_form
from nsatu.intake.forms import (
    ClaimEditForm,
    ConfirmForm,
    MergeForm,
    QueueFilterForm,
    RejectForm,
    UploadForm,
)
from nsatu.intake.models import Classification
from nsatu.intake.selectors import (
    claim_get,
    claim_list,
    claim_merge_candidates,
    claim_queue,
    document_get,
    document_list,
    document_segments,
    item_matcher,
)
from nsatu.intake.services import (
    INGEST_ROLES,
    claim_confirm,
    claim_merge,
    claim_reject,
    claim_update,
    document_ingest,
)
from nsatu.parties.selectors import party_visible
from nsatu.pledges.selectors import pledge_get

EDIT_FIELDS = (
    "donor",
    "recipient",
    "kind",
    "item_type",
    "quantity",
    "amount",
    "currency",
    "mechanism",
    "date_announced",
)


def _may_review(user: Any, claim: Any) -> bool:
    if not claim.is_pending:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return bool(user.role == Role.DONOR_LIAISON and claim.donor_id in (None, user.party_id))


@login_required
def document_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "intake/document_list.html",
        {
            "page": paginate(
                request, document_list(user=user, search=request.GET.get("q") or None)
            ),
            "may_upload": user.role in INGEST_ROLES,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def document_upload(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in INGEST_ROLES:
        messages.error(
            request, _("Your role (%(role)s) may not store documents.") % {"role": user.role_label}
        )
        return redirect("intake:documents")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        releasabilities=readable_releasabilities(user, owner_id=user.party_id),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            stored, status = write_from_form(
                request,
                form,
                lambda: document_ingest(
                    actor=user,
                    name=data["name"],
                    data=data["data"],
                    matcher=item_matcher(user=user),
                    title=data["title"],
                    url=data["url"],
                    published_on=data["published_on"],
                    releasability=data["releasability"],
                ),
            )
            if stored is not None:
                messages.success(
                    request,
                    _("Document %(id)s stored: %(n)s claim(s) read, listed below.")
                    % {"id": stored.document.pk, "n": len(stored.claims)},
                )
                return redirect("intake:document", pk=stored.document.pk)
    return render(request, "intake/document_upload.html", {"form": form}, status=status)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    document = or_404(document_get, user=user, pk=pk)
    claims = list(claim_list(user=user, document=document.pk))
    return render(
        request,
        "intake/document_detail.html",
        {
            "document": document,
            "claims": claims,
            "segments": document_segments(document=document, claims=claims),
        },
    )


@login_required
def claim_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.cleaned_data.get("classification") if filters.is_valid() else ""
    classification = None if chosen == "all" else (chosen or Classification.NEW_PLEDGE)
    return render(
        request,
        "intake/claim_queue.html",
        {
            "filter_form": filters,
            "page": paginate(request, claim_queue(user=user, classification=classification)),
            "may_review": user.role in (Role.COORDINATOR, Role.DONOR_LIAISON),
        },
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = or_404(claim_get, user=user, pk=pk)
    initial = {name: getattr(claim, name) for name in EDIT_FIELDS} | {"version": claim.version}
    initial["donor"] = claim.donor.code if claim.donor else None
    initial["recipient"] = claim.recipient.code if claim.recipient else None
    form = ClaimEditForm(
        initial=initial,
        parties=party_visible(user=user).order_by("name"),
        item_types=item_type_visible(user=user).order_by("name"),
    )
    return render(
        request,
        "intake/claim_detail.html",
        {
            "claim": claim,
            "form": form,
            "may_review": _may_review(user, claim),
            "candidates": claim_merge_candidates(user=user, claim=claim)
            if claim.is_pending
            else [],
        },
    )


@login_required
@require_POST
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = or_404(claim_get, user=user, pk=pk)
    form = ClaimEditForm(
        request.POST, parties=party_visible(user=user), item_types=item_type_visible(user=user)
    )
    if not form.is_valid():
        messages.error(
            request,
            _("The claim was not saved: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label if f in form.fields else ''}: {' '.join(map(str, e))}"
                    for f, e in form.errors.items()
                )
            },
        )
        return redirect("intake:claim", pk=pk)
    changes = {name: form.cleaned_data[name] for name in EDIT_FIELDS}
    changes["currency"] = changes["currency"] or ""
    changes["mechanism"] = changes["mechanism"] or ""
    return write_and_redirect(
        request,
        lambda: claim_update(
            actor=user, claim=claim, expected_version=form.cleaned_data["version"], changes=changes
        ),
        done=lambda saved: _("Claim %(id)s saved.") % {"id": saved.pk},
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = or_404(claim_get, user=user, pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The confirmation was incomplete; reload the claim and try again.")
        )
        return redirect("intake:claim", pk=pk)
    return write_and_redirect(
        request,
        lambda: claim_confirm(
            actor=user,
            claim=claim,
            expected_version=form.cleaned_data["version"],
            allow_duplicate=form.cleaned_data["allow_duplicate"],
        ),
        done=lambda pledge: (
            _("Claim %(id)s confirmed as pledge %(pledge)s (announced).")
            % {"id": claim.pk, "pledge": pledge.pk}
        ),
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = or_404(claim_get, user=user, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the pledge to merge the claim into."))
        return redirect("intake:claim", pk=pk)
    pledge = or_404(pledge_get, user=user, pk=form.cleaned_data["pledge"])
    return write_and_redirect(
        request,
        lambda: claim_merge(
            actor=user, claim=claim, pledge=pledge, expected_version=form.cleaned_data["version"]
        ),
        done=lambda merged: (
            _("Claim %(id)s merged into pledge %(pledge)s; the pledge now cites this source too.")
            % {"id": claim.pk, "pledge": merged.pk}
        ),
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = or_404(claim_get, user=user, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the claim is rejected (at most 1,000 characters)."))
        return redirect("intake:claim", pk=pk)
    return write_and_redirect(
        request,
        lambda: claim_reject(
            actor=user,
            claim=claim,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda rejected: _("Claim %(id)s rejected.") % {"id": rejected.pk},
        to="intake:claim",
        pk=pk,
    )
