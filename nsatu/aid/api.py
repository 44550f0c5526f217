"""The reconciled aid ledger: lines with their attestations, proposed links, a coordinator's decisions."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.aid.models import LinkDecision, Verdict
from nsatu.aid.reasons import reason_texts
from nsatu.aid.selectors import (
    AidLineDetail,
    LineView,
    ProposalView,
    Source,
    aid_line_get,
    aid_line_list,
    aid_proposal_list,
)
from nsatu.aid.services import link_decision_record, link_decision_withdraw
from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    InputSchema,
    Pagination,
    actor,
)

router = Router(tags=["aid"])


class LineFilters(Schema):
    donor: str | None = Field(None, description="Donor party code, e.g. CAN")
    item_type: int | None = Field(None, ge=1, le=2**63 - 1, description="Item type id")
    q: str | None = Field(None, max_length=100, description="Text in the donor, item or a source")


class FigureOut(Schema):
    stage: str
    value: int


class AttestationOut(Schema):
    pledge_id: int
    dataset: str = Field(description="Dataset key; empty for a pledge entered in nsatu")
    dataset_title: str
    row: int | None
    description: str
    source_url: str
    status: str
    quantity: int | None
    delivered: int | None
    illustrative: bool
    figures: list[FigureOut]


class LinkOut(Schema):
    first: int
    second: int
    score: float
    reasons: list[str]
    decided: str


class LineOut(Schema):
    id: str
    donor: str
    donor_name: str
    recipient: str
    kind: str
    item_type: int | None
    item_name: str
    announced: int
    committed: int
    delivered: int
    value_eur: DecimalStr | None
    disagreements: list[str]
    illustrative: bool
    attestations: list[AttestationOut]


class DecisionOut(Schema):
    id: int
    first: int
    second: int
    verdict: str
    reason: str
    decided_by: str
    decided_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawn_by: str | None


class ProposalOut(Schema):
    first: int
    second: int
    first_line: str
    second_line: str
    score: float
    reasons: list[str]


class LineDetailOut(LineOut):
    links: list[LinkOut]
    proposals: list[ProposalOut]
    decisions: list[DecisionOut]


class DecisionIn(InputSchema):
    first: int = Field(ge=1, le=2**63 - 1, description="Pledge id")
    second: int = Field(ge=1, le=2**63 - 1, description="Pledge id")
    verdict: Verdict = Field(description="confirm: one donation; split: two donations")
    reason: str = Field("", max_length=2000)


def _attestation(source: Source, view: LineView) -> dict[str, Any]:
    a = source.attestation
    return {
        "pledge_id": a.pledge_id,
        "dataset": a.dataset,
        "dataset_title": source.dataset_title,
        "row": a.row,
        "description": source.description,
        "source_url": source.source_url,
        "status": a.status,
        "quantity": a.quantity,
        "delivered": a.delivered,
        "illustrative": a.illustrative,
        "figures": [
            {"stage": stage, "value": value}
            for stage, value in view.line.figures_of(a.pledge_id).items()
        ],
    }


def _line(view: LineView) -> dict[str, Any]:
    line = view.line
    return {
        "id": line.id,
        "donor": line.donor,
        "donor_name": view.donor_name,
        "recipient": line.recipient,
        "kind": line.kind,
        "item_type": line.item_id,
        "item_name": view.item_name,
        "announced": line.announced,
        "committed": line.committed,
        "delivered": line.delivered,
        "value_eur": line.value_eur,
        "disagreements": list(line.disagreements),
        "illustrative": line.illustrative,
        "attestations": [_attestation(s, view) for s in view.sources],
    }


def _proposal(p: ProposalView) -> dict[str, Any]:
    return {
        "first": p.match.first,
        "second": p.match.second,
        "first_line": p.first_line,
        "second_line": p.second_line,
        "score": p.match.score,
        "reasons": reason_texts(p.match),
    }


def _decision(d: LinkDecision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "first": d.first_id,
        "second": d.second_id,
        "verdict": d.verdict,
        "reason": d.reason,
        "decided_by": d.decided_by.username,
        "decided_at": d.decided_at,
        "withdrawn_at": d.withdrawn_at,
        "withdrawn_by": d.withdrawn_by.username if d.withdrawn_by else None,
    }


def _detail(detail: AidLineDetail) -> dict[str, Any]:
    return _line(detail.view) | {
        "links": [
            {
                "first": m.first,
                "second": m.second,
                "score": m.score,
                "reasons": reason_texts(m),
                "decided": m.decided,
            }
            for m in detail.view.line.links
        ],
        "proposals": [_proposal(p) for p in detail.proposals],
        "decisions": [_decision(d) for d in detail.decisions],
    }


@router.get("/lines", response={200: list[LineOut], **LIST_ERRORS}, summary="List aid lines")
@paginate(Pagination)
def lines_list(request: HttpRequest, filters: Query[LineFilters]) -> Any:
    views = aid_line_list(
        user=actor(request), donor=filters.donor, item_type=filters.item_type, q=filters.q
    )
    return [_line(v) for v in views]


@router.get(
    "/lines/{line_id}",
    response={200: LineDetailOut, **READ_ERRORS},
    summary="One aid line: its sources side by side, links, proposals and decisions",
)
def lines_detail(request: HttpRequest, line_id: str) -> Any:
    return _detail(aid_line_get(user=actor(request), line_id=line_id))


@router.get(
    "/proposals",
    response={200: list[ProposalOut], **LIST_ERRORS},
    summary="Pairs the matcher proposes as one donation, waiting for a coordinator",
)
@paginate(Pagination)
def proposals_list(request: HttpRequest) -> Any:
    return [_proposal(p) for p in aid_proposal_list(user=actor(request))]


@router.post(
    "/decisions",
    response={200: DecisionOut, 201: DecisionOut, **WRITE_ERRORS},
    summary="Confirm two records as one donation, or split them (201; 200 when already so)",
)
def decisions_create(request: HttpRequest, payload: DecisionIn) -> Any:
    decided = link_decision_record(
        actor=actor(request),
        first_id=payload.first,
        second_id=payload.second,
        verdict=payload.verdict,
        reason=payload.reason,
    )
    return Status(201 if decided.changed else 200, _decision(decided.decision))


@router.post(
    "/decisions/{decision_id}/withdraw",
    response={200: DecisionOut, **WRITE_ERRORS},
    summary="Withdraw a decision: the matcher decides the pair again",
)
def decisions_withdraw(request: HttpRequest, decision_id: int) -> Any:
    return _decision(link_decision_withdraw(actor=actor(request), decision_id=decision_id).decision)
