"""Agreements, the pledges and flows linked to them, fund ledgers and burden-sharing figures."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from nsatu.agreements.burden import GUIDELINE_PCT, burden_aid_shares, burden_guideline_counts
from nsatu.agreements.frameworks import framework_list, framework_page_get
from nsatu.agreements.funds import FundLedgerView, fund_ledger_get
from nsatu.agreements.models import Agreement, AgreementKind, AgreementLink, AgreementStatus
from nsatu.agreements.selectors import (
    WASHINGTON_EVE,
    agreement_count_signed,
    agreement_get,
    agreement_input_resolve,
    agreement_link_get,
    agreement_link_resolve,
    agreement_list,
    agreement_years_get,
)
from nsatu.agreements.services import agreement_create, agreement_link
from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    InputSchema,
    actor,
)
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_id
from nsatu.engine.flows import PartyTotal, StageTotal

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    parties: list[str]
    signed_on: dt.date | None
    duration_years: int | None
    duration_text: str
    stated_funding: str
    sources: list[str]
    version: int

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[str]:
        return [p.code for p in obj.parties.all()]  # prefetched by the selector


class YearOut(Schema):
    year: int
    committed_eur: DecimalStr | None
    delivered_eur: DecimalStr
    gdp_eur: DecimalStr | None
    gdp_share_pct: DecimalStr | None
    delivered_pct_gdp: DecimalStr | None
    met: bool | None


class CountOut(Schema):
    on: dt.date
    signed: int


class AgreementIn(InputSchema):
    title: str = Field(max_length=300)
    kind: AgreementKind = AgreementKind.MULTILATERAL
    parties: list[str] = Field(description="Party codes of the signatories")
    owner: str = Field(description="Party code of the record's owner (e.g. NSATU for a framework)")
    status: AgreementStatus = AgreementStatus.SIGNED
    signed_on: dt.date | None = None
    duration_years: int | None = Field(None, ge=1, le=100)
    areas: str = Field("", max_length=500)
    stated_funding: str = Field("", max_length=500)
    source_url: str = Field(max_length=1000)
    releasability: Releasability = Releasability.PUBLIC


class LinkIn(InputSchema):
    pledge: int | None = Field(None, description="Pledge id")
    flow: int | None = Field(None, description="Flow id")


class LinkOut(Schema):
    id: int
    agreement: int | None
    pledge: int | None = Field(
        description="Pledge id; null when there is none or it is hidden from you"
    )
    flow: int | None = Field(
        description="Flow id; null when there is none or it is hidden from you"
    )

    # Named through the reader's visibility (core/refs.py), marked by agreement_link_get.
    @staticmethod
    def resolve_agreement(obj: AgreementLink) -> int | None:
        return ref_id(obj, "agreement")

    @staticmethod
    def resolve_pledge(obj: AgreementLink) -> int | None:
        return ref_id(obj, "pledge")

    @staticmethod
    def resolve_flow(obj: AgreementLink) -> int | None:
        return ref_id(obj, "flow")


class StageOut(Schema):
    eur: DecimalStr = Field(description="Sum of the EUR values the records carry")
    by_currency: dict[str, DecimalStr] = Field(
        description="The same records' amounts in their own currency, one figure per currency"
    )
    unvalued: dict[str, DecimalStr] = Field(
        description="Amounts with no EUR value recorded, per currency: not in `eur`"
    )
    without_amount: int = Field(description="Records that state no amount: not in any figure")
    valued: int = Field(description="Records with an EUR value; with none, `eur` is a gap, not 0")
    records: int
    recorded: bool


class PartyStageOut(StageOut):
    party: str
    name: str


class LedgerOut(Schema):
    fund: str
    name: str
    recorded: bool = Field(description="False when no flow or entry of the fund is visible to you")
    contributions_eur: DecimalStr
    commitments_eur: DecimalStr = Field(description="Open commitments plus spending")
    open_commitments_eur: DecimalStr
    spending_eur: DecimalStr
    balance_eur: DecimalStr
    uncommitted_eur: DecimalStr
    contributed: StageOut
    spent: StageOut
    by_contributor: list[PartyStageOut]
    by_payee: list[PartyStageOut]


class ShareOut(Schema):
    iso3: str
    year: int
    aid_eur: DecimalStr
    gdp_eur: DecimalStr | None
    aid_pct_gdp: DecimalStr | None
    kiel_pct_gdp: DecimalStr | None


@router.get("/", response={200: list[AgreementOut], **LIST_ERRORS}, summary="List agreements")
def agreements_list(request: HttpRequest, kind: str | None = None, party: str | None = None) -> Any:
    return list(
        agreement_list(user=actor(request), kind=kind, party=party.upper() if party else None)
    )


@router.get(
    "/count",
    response={200: CountOut, **LIST_ERRORS},
    summary="Agreements signed on or before a date (default: 2024-07-09)",
)
def agreements_count(request: HttpRequest, on: dt.date = WASHINGTON_EVE) -> Any:
    return {"on": on, "signed": agreement_count_signed(user=actor(request), on=on)}


@router.get(
    "/burden-sharing",
    response={200: list[ShareOut], **LIST_ERRORS},
    summary="Aid as a share of donor GDP per donor and year, beside Kiel's own column",
)
def burden_sharing(request: HttpRequest, year: int | None = None) -> Any:
    return [
        {
            "iso3": s.donor,
            "year": s.year,
            "aid_eur": s.aid_eur,
            "gdp_eur": s.gdp_eur,
            "aid_pct_gdp": s.aid_pct_gdp,
            "kiel_pct_gdp": s.kiel_pct_gdp,
        }
        for s in burden_aid_shares(year=year)
    ]


class GuidelineFilters(Schema):
    target: float = Field(GUIDELINE_PCT, ge=0, le=100, description="Share of GDP, per cent")


@router.get(
    "/defence-guideline",
    response={200: dict[int, int], **LIST_ERRORS},
    summary="Allies at or above a defence-spending target per year (NATO Table 3)",
)
def defence_guideline(request: HttpRequest, filters: Query[GuidelineFilters]) -> Any:
    return burden_guideline_counts(target=filters.target)


@router.get(
    "/funds/{code}",
    response={200: LedgerOut, **READ_ERRORS},
    summary="A fund's ledger from the flows and entries recorded for it (EUR, and each currency)",
)
def fund_totals(request: HttpRequest, code: str) -> Any:
    view = fund_ledger_get(user=actor(request), code=code)
    ledger = view.ledger
    return {
        "fund": view.fund.code,
        "name": view.fund.name,
        "recorded": ledger.recorded,
        "contributions_eur": ledger.contributed.eur,
        "commitments_eur": ledger.committed,
        "open_commitments_eur": ledger.open_commitments.eur,
        "spending_eur": ledger.spent.eur,
        "balance_eur": ledger.balance,
        "uncommitted_eur": ledger.uncommitted,
        "contributed": _stage(ledger.contributed),
        "spent": _stage(ledger.spent),
        "by_contributor": [_party_stage(view, p) for p in ledger.by_contributor],
        "by_payee": [_party_stage(view, p) for p in ledger.by_payee],
    }


def _stage(total: StageTotal) -> dict[str, Any]:
    return {
        "eur": total.eur,
        "by_currency": total.by_currency,
        "unvalued": total.unvalued,
        "without_amount": total.without_amount,
        "valued": total.valued,
        "records": total.lines,
        "recorded": total.recorded,
    }


def _party_stage(view: FundLedgerView, party: PartyTotal) -> dict[str, Any]:
    return {"party": party.party, "name": view.name(party.party), **_stage(party.total)}


class SignatoryOut(Schema):
    party: str
    name: str
    joined_on: dt.date | None
    source_url: str
    agreements: list[int] = Field(description="Its agreements concluded under the framework")
    committed_eur: DecimalStr | None
    delivered_eur: DecimalStr
    fair_share_eur: DecimalStr | None = Field(
        description="The baseline split by GDP, for a framework that has one"
    )


class FrameworkOut(Schema):
    id: int
    title: str
    signed_on: dt.date | None
    rule: str
    baseline_eur: DecimalStr | None
    signatories: int = Field(description="Signatories visible to you")
    agreements: int = Field(description="Agreements concluded under it, visible to you")
    sources: list[str]

    @staticmethod
    def resolve_signatories(obj: Agreement) -> int:
        return int(getattr(obj, "n_signatories", 0))

    @staticmethod
    def resolve_agreements(obj: Agreement) -> int:
        return int(getattr(obj, "n_agreements", 0))


class FrameworkDetailOut(FrameworkOut):
    under_it: list[int] = Field(description="Ids of the agreements concluded under it")
    signatory_rows: list[SignatoryOut]


@router.get(
    "/frameworks",
    response={200: list[FrameworkOut], **LIST_ERRORS},
    summary="Multilateral frameworks with their numbers of signatories and agreements",
)
def frameworks_list(request: HttpRequest, q: str | None = None, party: str | None = None) -> Any:
    return list(framework_list(user=actor(request), search=q, party=party))


@router.get(
    "/frameworks/{framework_id}",
    response={200: FrameworkDetailOut, **READ_ERRORS},
    summary="One framework: signatories with sources, committed and delivered per signatory",
)
def frameworks_detail(request: HttpRequest, framework_id: int) -> Any:
    page = framework_page_get(user=actor(request), pk=framework_id)
    out = FrameworkOut.model_validate(page.framework).model_dump()
    out["under_it"] = [a.pk for a in page.agreements]
    out["signatory_rows"] = [
        {
            "party": r.party.code,
            "name": r.party.name,
            "joined_on": r.signatory.joined_on if r.signatory else None,
            "source_url": r.signatory.source_url if r.signatory else "",
            "agreements": [a.pk for a in r.agreements],
            "committed_eur": r.total.committed_eur,
            "delivered_eur": r.total.delivered_eur,
            "fair_share_eur": r.fair.fair_eur if r.fair else None,
        }
        for r in page.rows
    ]
    return out


@router.post(
    "/", response={201: AgreementOut, **WRITE_ERRORS}, summary="Register an agreement or framework"
)
def agreements_create(request: HttpRequest, payload: AgreementIn) -> Any:
    user = actor(request)
    data = payload.model_dump()
    refs = agreement_input_resolve(user=user, parties=data.pop("parties"), owner=data.pop("owner"))
    agreement = agreement_create(actor=user, parties=refs.parties, owner=refs.owner, **data)
    return Status(201, agreement_get(user=user, pk=agreement.pk))


@router.get("/{agreement_id}", response={200: AgreementOut, **READ_ERRORS}, summary="One agreement")
def agreements_detail(request: HttpRequest, agreement_id: int) -> Any:
    return agreement_get(user=actor(request), pk=agreement_id)


@router.get(
    "/{agreement_id}/years",
    response={200: list[YearOut], **READ_ERRORS},
    summary="Committed against delivered per year",
)
def agreements_years(request: HttpRequest, agreement_id: int) -> Any:
    return agreement_years_get(user=actor(request), pk=agreement_id).rows


@router.post(
    "/{agreement_id}/links",
    response={201: LinkOut, **WRITE_ERRORS},
    summary="Link a pledge or a flow to the agreement it fulfils",
)
def agreements_link(request: HttpRequest, agreement_id: int, payload: LinkIn) -> Any:
    user = actor(request)
    if (payload.pledge is None) == (payload.flow is None):
        raise ValidationError({"pledge": ["Give either a pledge id or a flow id."]})
    refs = agreement_link_resolve(
        user=user, pk=agreement_id, pledge=payload.pledge, flow=payload.flow
    )
    link = agreement_link(actor=user, agreement=refs.agreement, pledge=refs.pledge, flow=refs.flow)
    return Status(201, agreement_link_get(user=user, pk=link.pk))


__all__ = ["router"]
