from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from nsatu.core.paging import sort_of
from nsatu.core.refs import ref_label
from nsatu.core.visibility import readable_releasabilities
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.intake import rules
from nsatu.intake.forms import (
    ClaimEditForm,
    ConfirmForm,
    MergeForm,
    QueueFilterForm,
    RejectForm,
    UploadForm,
)
from nsatu.intake.models import Claim, Classification, SourceDocument
from nsatu.intake.selectors import (
    claim_edit_choices,
    claim_page_get,
    claim_queue,
    document_list,
    document_page_get,
)
from nsatu.intake.services import (
    claim_confirm,
    claim_merge,
    claim_reject,
    claim_update,
    document_ingest,
)
from nsatu.pledges.selectors import pledge_get

DOCUMENT_SORTS = {
    "title": ("title",),
    "kind": ("kind", "-created_at"),
    "published": ("published_on",),
    "stored": ("created_at",),
    "claims": ("claim_count",),
    "new": ("new_count",),
    "pending": ("pending_count",),
}


def _document_header() -> list[str]:
    return [
        _("Document"),
        _("Address"),
        _("Kind"),
        _("Published on"),
        _("Stored at"),
        _("Stored by"),
        _("Claims"),
        _("New pledges"),
        _("Awaiting review"),
    ]


def _document_row(d: SourceDocument) -> list[object]:
    return [
        d.title,
        d.source_url,
        str(d.get_kind_display()),
        d.published_on,
        localtime(d.created_at).replace(tzinfo=None, microsecond=0),
        d.uploaded_by.username if d.uploaded_by else _("command line"),
        d.claim_count,  # type: ignore[attr-defined]  # annotated by document_list
        d.new_count,  # type: ignore[attr-defined]  # annotated by document_list
        d.pending_count,  # type: ignore[attr-defined]  # annotated by document_list
    ]


@login_required
def document_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    sort = sort_of(request.GET.get("sort"), DOCUMENT_SORTS, default="-stored")
    documents = document_list(user=user, search=request.GET.get("q") or None, order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "documents.csv", _document_header(), (_document_row(d) for d in documents)
        )
    return render(
        request,
        "intake/document_list.html",
        {
            "page": paginate(request, documents),
            "may_upload": rules.may_ingest(user),
            "q": request.GET.get("q", ""),
            "sort": sort,
        },
    )


@login_required
def document_upload(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_ingest(user):
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
def document_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = actor_of(request)
    page = or_404(document_page_get, user=user, pk=pk)
    if wants_download(request):
        return download_response(
            request,
            f"document-{pk}-claims.csv",
            _claim_header(),
            (_claim_row(c) for c in page.claims),
        )
    return render(
        request,
        "intake/document_detail.html",
        {"document": page.document, "claims": page.claims, "segments": page.segments},
    )


CLAIM_SORTS = {
    "claim": ("id",),
    "classification": ("classification", "-confidence"),
    "donor": ("donor__name", "donor_text"),
    "amount": ("amount", "quantity"),
    "announced": ("date_announced",),
    "confidence": ("confidence",),
}


def _claim_header() -> list[str]:
    return [
        # "Claim" is also the planning verb (to claim capacity): the context keeps the two apart.
        pgettext("intake claim", "Claim"),
        _("Classification"),
        _("Reason"),
        _("Donor"),
        _("Donor as written"),
        _("Amount"),
        _("Currency"),
        _("Quantity"),
        _("Item type"),
        _("Item as written"),
        _("Mechanism"),
        _("Announced on"),
        _("Confidence"),
        _("Status"),
        _("Document"),
    ]


def _claim_row(c: Claim) -> list[object]:
    return [
        c.pk,
        str(c.get_classification_display()),
        c.reason,
        c.donor.name if c.donor else None,
        c.donor_text,
        c.amount,
        c.currency,
        c.quantity,
        ref_label(c, "item_type"),
        c.item_text,
        c.mechanism,
        c.date_announced,
        c.confidence,
        str(c.get_status_display()),
        c.document.title,
    ]


@login_required
def claim_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.cleaned_data.get("classification") if filters.is_valid() else ""
    classification = None if chosen == "all" else (chosen or Classification.NEW_PLEDGE)
    sort = sort_of(request.GET.get("sort"), CLAIM_SORTS, default="-confidence")
    claims = claim_queue(user=user, classification=classification, order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "claims.csv", _claim_header(), (_claim_row(c) for c in claims)
        )
    return render(
        request,
        "intake/claim_queue.html",
        {
            "filter_form": filters,
            "page": paginate(request, claims),
            "may_review": rules.may_review_claims(user),
            "sort": sort,
        },
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(claim_page_get, user=user, pk=pk)
    claim = page.claim
    initial = {name: getattr(claim, name) for name in rules.EDITABLE_FIELDS} | {
        "version": claim.version
    }
    initial["donor"] = claim.donor.code if claim.donor else None
    initial["recipient"] = claim.recipient.code if claim.recipient else None
    form = ClaimEditForm(
        initial=initial, parties=page.choices.parties, item_types=page.choices.item_types
    )
    return render(
        request,
        "intake/claim_detail.html",
        {
            "claim": claim,
            "form": form,
            "may_review": rules.may_review(user, claim),
            "candidates": page.candidates,
        },
    )


@login_required
@require_POST
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    choices = claim_edit_choices(user=user)
    form = ClaimEditForm(request.POST, parties=choices.parties, item_types=choices.item_types)
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
    changes = {name: form.cleaned_data[name] for name in rules.EDITABLE_FIELDS}
    changes["currency"] = changes["currency"] or ""
    changes["mechanism"] = changes["mechanism"] or ""
    return write_and_redirect(
        request,
        lambda: or_404(
            claim_update,
            actor=user,
            claim_id=pk,
            expected_version=form.cleaned_data["version"],
            changes=changes,
        ),
        done=lambda saved: _("Claim %(id)s saved.") % {"id": saved.pk},
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The confirmation was incomplete; reload the claim and try again.")
        )
        return redirect("intake:claim", pk=pk)
    return write_and_redirect(
        request,
        lambda: or_404(
            claim_confirm,
            actor=user,
            claim_id=pk,
            expected_version=form.cleaned_data["version"],
            allow_duplicate=form.cleaned_data["allow_duplicate"],
        ),
        done=lambda confirmed: (
            _("Claim %(id)s confirmed as pledge %(pledge)s (announced).")
            % {"id": pk, "pledge": confirmed.pledge.pk}
        ),
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the pledge to merge the claim into."))
        return redirect("intake:claim", pk=pk)
    pledge = or_404(pledge_get, user=user, pk=form.cleaned_data["pledge"])
    return write_and_redirect(
        request,
        lambda: or_404(
            claim_merge,
            actor=user,
            claim_id=pk,
            pledge=pledge,
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda merged: (
            _("Claim %(id)s merged into pledge %(pledge)s; the pledge now cites this source too.")
            % {"id": pk, "pledge": merged.pledge.pk}
        ),
        to="intake:claim",
        pk=pk,
    )


@login_required
@require_POST
def claim_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the claim is rejected (at most 1,000 characters)."))
        return redirect("intake:claim", pk=pk)
    return write_and_redirect(
        request,
        lambda: or_404(
            claim_reject,
            actor=user,
            claim_id=pk,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda rejected: _("Claim %(id)s rejected.") % {"id": rejected.pk},
        to="intake:claim",
        pk=pk,
    )
