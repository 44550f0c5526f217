"""Documents read for pledges and the claims read from them: list, read, store a text, review a claim."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    InputSchema,
    NamedRef,
    Pagination,
    PartyRef,
    actor,
)
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_id, ref_restricted, ref_shown
from nsatu.intake.models import Claim, ClaimStatus, Classification
from nsatu.intake.selectors import (
    claim_get,
    claim_input_resolve,
    claim_list,
    claim_merge_input_resolve,
    claim_search,
    document_get,
    document_list,
)
from nsatu.intake.services import (
    claim_confirm,
    claim_merge,
    claim_reject,
    claim_update,
    document_ingest,
)
from nsatu.pledges.models import PledgeKind

router = Router(tags=["intake"])


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    url: str = Field(alias="source_url")
    published_on: dt.date | None
    sha256: str
    size_bytes: int
    releasability: str
    created_at: dt.datetime


class DocumentDetailOut(DocumentOut):
    text: str


class ClaimOut(Schema):
    id: int
    document: int = Field(alias="document_id")
    start: int
    end: int
    sentence: str
    evidence_start: int
    evidence_end: int
    evidence: str
    donor: PartyRef | None
    donor_text: str
    recipient: PartyRef | None
    kind: str
    item_type: NamedRef | None
    item_text: str
    quantity: int | None
    amount: DecimalStr | None
    currency: str
    mechanism: str
    date_announced: dt.date | None
    confidence: DecimalStr
    classification: str
    reason: str
    status: str
    pledge: int | None = Field(
        description="The pledge the claim became or was merged into; null when there is none or it is "
        "hidden from you (pledge_restricted)"
    )
    pledge_restricted: bool
    version: int

    @staticmethod
    def resolve_item_type(obj: Claim) -> object:
        return ref_shown(obj, "item_type")  # `item_type_seen` is marked by claim_list

    @staticmethod
    def resolve_pledge(obj: Claim) -> int | None:
        return ref_id(obj, "pledge")  # `pledge_seen` is marked by claim_list

    @staticmethod
    def resolve_pledge_restricted(obj: Claim) -> bool:
        return ref_restricted(obj, "pledge")


class ClaimFilters(Schema):
    document: int | None = Field(None, ge=1, le=2**63 - 1)
    status: ClaimStatus | None = None
    classification: Classification | None = None
    queue: bool = Field(
        False,
        description="Only the pending claims this user has to review (new pledges unless "
        "a classification is given)",
    )


class DocumentIn(InputSchema):
    text: str = Field(min_length=1, max_length=1_000_000)
    kind: Literal["text", "html"] = "text"
    title: str = Field("", max_length=300)
    url: str = Field("", max_length=1000)
    published_on: dt.date | None = None
    releasability: Releasability = Releasability.PARTICIPANTS


class ClaimPatch(InputSchema):
    version: int
    donor: str | None = Field(None, description="Party code")
    recipient: str | None = Field(None, description="Party code")
    kind: PledgeKind | None = None
    item_type: int | None = None
    quantity: int | None = Field(None, ge=0, le=2**31 - 1)
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    mechanism: str | None = Field(None, max_length=40)
    date_announced: dt.date | None = None


class ConfirmIn(InputSchema):
    version: int
    allow_duplicate: bool = False


class MergeIn(InputSchema):
    version: int
    pledge: int = Field(ge=1, le=2**63 - 1)


class RejectIn(InputSchema):
    version: int
    reason: str = Field(min_length=1, max_length=1000)


class ConfirmedOut(Schema):
    claim: ClaimOut
    pledge: int | None = Field(description="The claim's pledge, as in `claim.pledge`")

    @staticmethod
    def resolve_pledge(obj: dict[str, Claim]) -> int | None:
        return ref_id(obj["claim"], "pledge")


@router.get(
    "/documents", response={200: list[DocumentOut], **LIST_ERRORS}, summary="List documents"
)
@paginate(Pagination)
def documents_list(request: HttpRequest) -> Any:
    return document_list(user=actor(request))


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **READ_ERRORS},
    summary="One document with its stored text",
)
def documents_detail(request: HttpRequest, document_id: int) -> Any:
    return document_get(user=actor(request), pk=document_id)


@router.post(
    "/documents",
    response={201: list[ClaimOut], **WRITE_ERRORS},
    summary="Store a pasted text or HTML page and read its claims",
)
def documents_create(request: HttpRequest, payload: DocumentIn) -> Any:
    user = actor(request)
    name = "pasted.html" if payload.kind == "html" else "pasted.txt"
    stored = document_ingest(
        actor=user,
        name=name,
        data=payload.text.encode("utf-8"),
        title=payload.title,
        url=payload.url,
        published_on=payload.published_on,
        releasability=payload.releasability,
    )
    return Status(201, list(claim_list(user=user, document=stored.document.pk)))


@router.get(
    "/claims",
    response={200: list[ClaimOut], **LIST_ERRORS},
    summary="List claims, or your review queue",
)
@paginate(Pagination)
def claims_list(request: HttpRequest, filters: Query[ClaimFilters]) -> Any:
    return claim_search(
        user=actor(request),
        queue=filters.queue,
        document=filters.document,
        status=filters.status,
        classification=filters.classification,
    )


@router.get("/claims/{claim_id}", response={200: ClaimOut, **READ_ERRORS}, summary="One claim")
def claims_detail(request: HttpRequest, claim_id: int) -> Any:
    return claim_get(user=actor(request), pk=claim_id)


@router.patch(
    "/claims/{claim_id}",
    response={200: ClaimOut, **WRITE_ERRORS},
    summary="Correct a pending claim",
)
def claims_update(request: HttpRequest, claim_id: int, payload: ClaimPatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    claim_update(
        actor=user,
        claim_id=claim_id,
        expected_version=version,
        changes=claim_input_resolve(user=user, data=changes),
    )
    return claim_get(user=user, pk=claim_id)  # read back with its pledge marked (core/refs.py)


@router.post(
    "/claims/{claim_id}/confirm",
    response={200: ConfirmedOut, **WRITE_ERRORS},
    summary="Confirm a claim as an announced pledge",
)
def claims_confirm(request: HttpRequest, claim_id: int, payload: ConfirmIn) -> Any:
    user = actor(request)
    claim_confirm(
        actor=user,
        claim_id=claim_id,
        expected_version=payload.version,
        allow_duplicate=payload.allow_duplicate,
    )
    return {"claim": claim_get(user=user, pk=claim_id)}


@router.post(
    "/claims/{claim_id}/merge",
    response={200: ConfirmedOut, **WRITE_ERRORS},
    summary="Merge a claim into an existing pledge (the pledge is not counted twice)",
)
def claims_merge(request: HttpRequest, claim_id: int, payload: MergeIn) -> Any:
    user = actor(request)
    claim_merge(
        actor=user,
        claim_id=claim_id,
        pledge=claim_merge_input_resolve(user=user, pledge=payload.pledge),
        expected_version=payload.version,
    )
    return {"claim": claim_get(user=user, pk=claim_id)}


@router.post(
    "/claims/{claim_id}/reject", response={200: ClaimOut, **WRITE_ERRORS}, summary="Reject a claim"
)
def claims_reject(request: HttpRequest, claim_id: int, payload: RejectIn) -> Any:
    user = actor(request)
    claim_reject(
        actor=user, claim_id=claim_id, reason=payload.reason, expected_version=payload.version
    )
    return claim_get(user=user, pk=claim_id)
