"""Reads of documents and claims, always through the visibility rule; the review queue; the catalogue matcher."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Count, Q, QuerySet

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get, item_type_refs_mark, item_type_visible
from nsatu.core.actors import Actor, Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, mark_visible_refs, optional_ref
from nsatu.core.visibility import visible_q
from nsatu.engine.intake import ItemEntry, ItemMatcher
from nsatu.intake import rules
from nsatu.intake.models import Claim, ClaimStatus, Classification, SourceDocument
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_get, pledge_visible

# A claim and a pledge of the same donor announced this close together are probably the same announcement.
MERGE_WINDOW_DAYS = 31


def document_visible(*, user: Reader) -> QuerySet[SourceDocument]:
    return SourceDocument.objects.filter(visible_q(user))


def document_list(
    *, user: Reader, search: str | None = None, order: Sequence[str] = ()
) -> QuerySet[SourceDocument]:
    # Counted over the claims this user may read: a count that moves with hidden claims would reveal them.
    seen = visible_q(user, prefix="claims__")
    qs = (
        document_visible(user=user)
        .select_related("uploaded_by")
        .defer("text")
        .annotate(
            claim_count=Count("claims", filter=seen, distinct=True),
            new_count=Count(
                "claims",
                filter=seen & Q(claims__classification=Classification.NEW_PLEDGE),
                distinct=True,
            ),
            pending_count=Count(
                "claims",
                filter=seen
                & Q(
                    claims__status=ClaimStatus.PENDING,
                    claims__classification=Classification.NEW_PLEDGE,
                ),
                distinct=True,
            ),
        )
    )
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(source_url__icontains=search))
    return qs.order_by(*(order or ("-created_at", "-id")))


def document_get(*, user: Reader, pk: int) -> SourceDocument:
    document = (
        document_visible(user=user).select_related("uploaded_by", "owner").filter(pk=pk).first()
    )
    if document is None:
        raise NotFound(pk)
    return document


def document_by_sha256(
    *, user: Reader, sha256: str, operator: bool = False
) -> SourceDocument | None:
    """A stored copy of these bytes that `user` may read; `operator` (the command line) looks at every copy.

    The one rule for "already stored": a copy the reader may not see is never named nor hinted at, so the
    reader's upload is stored as a document of his own.
    """
    documents = SourceDocument.objects.all() if operator else document_visible(user=user)
    return documents.filter(sha256=sha256).only("id", "title").order_by("id").first()


def claim_visible(*, user: Reader) -> QuerySet[Claim]:
    # A claim is read only with its document: the span means nothing without the text.
    return Claim.objects.filter(visible_q(user), document__in=document_visible(user=user))


def claim_list(
    *,
    user: Reader,
    document: int | None = None,
    status: str | None = None,
    classification: str | None = None,
    donor: str | None = None,
) -> QuerySet[Claim]:
    qs = claim_visible(user=user).select_related(
        "document", "donor", "recipient", "item_type", "pledge", "reviewed_by"
    )
    if document:
        qs = qs.filter(document_id=document)
    if status:
        qs = qs.filter(status=status)
    if classification:
        qs = qs.filter(classification=classification)
    if donor:
        qs = qs.filter(donor__code=donor)
    # A reviewed claim points at a pledge the reader may not see (core/refs.py): every surface names it
    # through `pledge_seen`.
    qs = mark_visible_refs(qs, field="pledge", visible=pledge_visible(user=user))
    qs = item_type_refs_mark(qs, user=user)
    return qs.order_by("document_id", "start", "evidence_start", "id")


QUEUE_ORDER = ("-confidence", "document_id", "start", "id")


def claim_queue(
    *,
    user: Reader,
    classification: str | None = Classification.NEW_PLEDGE,
    order: Sequence[str] = (),
) -> QuerySet[Claim]:
    """What this reviewer has to decide: a liaison its own nation's claims and the unassigned ones, the command all."""
    qs = claim_list(user=user, status=ClaimStatus.PENDING, classification=classification)
    ordering = order or QUEUE_ORDER
    if rules.reviews_any_donor(user):
        return qs.order_by(*ordering)
    if user is not None and rules.reviews_own_nation_only(user) and user.party_id:
        return qs.filter(Q(donor_id=user.party_id) | Q(donor__isnull=True)).order_by(*ordering)
    return qs.none()


def claim_search(
    *,
    user: Reader,
    queue: bool,
    document: int | None = None,
    status: str | None = None,
    classification: str | None = None,
) -> QuerySet[Claim]:
    """The API's list: this reviewer's queue (new pledges unless a classification is given), or all claims."""
    if queue:
        return claim_queue(user=user, classification=classification or Classification.NEW_PLEDGE)
    return claim_list(user=user, document=document, status=status, classification=classification)


def claim_get(*, user: Reader, pk: int) -> Claim:
    claim = claim_list(user=user).filter(pk=pk).first()
    if claim is None:
        raise NotFound(pk)
    return claim


def claim_announced_on(claim: Claim) -> dt.date:
    return claim.date_announced or claim.document.published_on or claim.document.created_at.date()


def claim_merge_candidates(*, user: Reader, claim: Claim) -> list[Pledge]:
    """Pledges of the same donor, with the same item type or the same amount, announced within 31 days."""
    if claim.donor_id is None:
        return []
    same_what = Q(pk__in=[])
    if claim.item_type_id is not None:
        # Matching on an item type the reader may not see would tell which pledges are of that type.
        visible = item_type_visible(user=user)
        same_what |= Q(item_type_id=claim.item_type_id, item_type__in=visible)
    if claim.amount is not None and claim.currency:
        same_what |= Q(amount=claim.amount, currency=claim.currency)
    around = claim_announced_on(claim)
    window = dt.timedelta(days=MERGE_WINDOW_DAYS)
    qs = (
        pledge_visible(user=user)
        .filter(same_what, donor_id=claim.donor_id)
        .filter(announced_on__gte=around - window, announced_on__lte=around + window)
        .exclude(status=PledgeStatus.WITHDRAWN)
        .select_related("item_type", "donor")
        .order_by("announced_on", "id")
    )
    return list(qs)


def item_matcher(*, user: Reader) -> ItemMatcher:
    rows = item_type_visible(user=user).values_list("id", "name", "aliases")
    return ItemMatcher.from_entries(
        ItemEntry(id=pk, name=name, aliases=tuple(a for a in (aliases or []) if isinstance(a, str)))
        for pk, name, aliases in rows
    )


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def document_segments(*, document: SourceDocument, claims: list[Claim]) -> list[Segment]:
    """The text cut at the claims' evidence spans, so a page can mark each one without computing anything."""
    segments: list[Segment] = []
    at = 0
    for claim in sorted(claims, key=lambda c: (c.evidence_start, c.evidence_end)):
        if claim.evidence_start < at or claim.evidence_end > len(document.text):
            continue  # overlapping evidence: the first claim marks it, the table lists both
        if claim.evidence_start > at:
            segments.append(Segment(document.text[at : claim.evidence_start]))
        segments.append(Segment(document.text[claim.evidence_start : claim.evidence_end], claim))
        at = claim.evidence_end
    segments.append(Segment(document.text[at:]))
    return segments


@dataclass(frozen=True)
class DocumentPage:
    document: SourceDocument
    claims: list[Claim]
    segments: list[Segment]


def document_page_get(*, user: Reader, pk: int) -> DocumentPage:
    """A document with the claims read from it that the user may see, its text cut at their evidence."""
    document = document_get(user=user, pk=pk)
    claims = list(claim_list(user=user, document=document.pk))
    return DocumentPage(document, claims, document_segments(document=document, claims=claims))


@dataclass(frozen=True)
class ClaimChoices:
    """What the correction form of a claim may name."""

    parties: QuerySet[Party]
    item_types: QuerySet[ItemType]


def claim_edit_choices(*, user: Reader) -> ClaimChoices:
    return ClaimChoices(
        party_visible(user=user).order_by("name"), item_type_visible(user=user).order_by("name")
    )


@dataclass(frozen=True)
class ClaimPage:
    claim: Claim
    choices: ClaimChoices
    # Pledges the pending claim probably repeats; a reviewed claim has none to show.
    candidates: list[Pledge]


def claim_page_get(*, user: Reader, pk: int) -> ClaimPage:
    claim = claim_get(user=user, pk=pk)
    return ClaimPage(
        claim,
        claim_edit_choices(user=user),
        claim_merge_candidates(user=user, claim=claim) if claim.is_pending else [],
    )


def claim_input_resolve(*, user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """A correction with its party codes and item type id replaced by the records; one the user may not see
    is a field error."""
    resolved = dict(data)
    for name in ("donor", "recipient"):
        if name in data:
            code = data[name]
            find = partial(party_get, user=user, code=code or "")
            resolved[name] = optional_ref(name, code, find)
    if "item_type" in data:
        pk = data["item_type"]
        resolved["item_type"] = optional_ref(
            "item_type", pk, lambda: item_type_get(user=user, pk=pk)
        )
    return resolved


def claim_merge_input_resolve(*, user: Actor, pledge: int) -> Pledge:
    """The pledge a claim is to be merged into; one the user may not see is a field error."""
    return field_ref("pledge", pledge, lambda: pledge_get(user=user, pk=pledge))
