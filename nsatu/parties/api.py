"""Parties: nations, organisations, funds; with their memberships and the GDP and defence-spending series."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

from typing import Any

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
    Pagination,
    actor,
)
from nsatu.parties.models import Group, Party, PartyKind
from nsatu.parties.selectors import PartyDetail, party_detail_get, party_get, party_list
from nsatu.parties.services import party_create, party_update

router = Router(tags=["parties"])


class PartyFilters(Schema):
    kind: PartyKind | None = None
    group: Group | None = None
    search: str | None = None


class MembershipOut(Schema):
    group: str
    since: int | None


class PartyBase(Schema):
    code: str
    name: str
    kind: str
    releasability: str


class PartyOut(PartyBase):
    groups: list[str]

    @staticmethod
    def resolve_groups(obj: Party) -> list[str]:
        return [m.group for m in obj.memberships.all()]  # prefetched by the selector


class GdpOut(Schema):
    year: int
    usd: DecimalStr


class DefenceSpendingOut(Schema):
    year: int
    pct_gdp: float
    is_estimate: bool


class PartyDetailOut(PartyBase):
    memberships: list[MembershipOut]
    source_url: str
    version: int
    gdp: list[GdpOut]
    defence_spending: list[DefenceSpendingOut]


class PartyIn(InputSchema):
    code: str = Field(
        min_length=1,
        max_length=16,
        description="ISO 3166-1 alpha-3 for nations, a short code otherwise",
    )
    name: str = Field(min_length=1, max_length=200)
    kind: PartyKind = PartyKind.NATION


class PartyPatch(InputSchema):
    version: int = Field(description="The version you edited; a stale one is refused with 409")
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: PartyKind | None = None


def _out(detail: PartyDetail) -> dict[str, Any]:
    party = detail.party
    return {
        "code": party.code,
        "name": party.name,
        "kind": party.kind,
        "releasability": party.releasability,
        "source_url": party.source_url,
        "version": party.version,
        "memberships": detail.memberships,
        "gdp": detail.gdp,
        "defence_spending": detail.defence_spending,
    }


@router.get("/", response={200: list[PartyOut], **LIST_ERRORS}, summary="List parties")
@paginate(Pagination)
def parties_list(request: HttpRequest, filters: Query[PartyFilters]) -> Any:
    return party_list(
        user=actor(request), kind=filters.kind, group=filters.group, search=filters.search
    )


@router.get(
    "/{code}", response={200: PartyDetailOut, **READ_ERRORS}, summary="One party with its series"
)
def parties_detail(request: HttpRequest, code: str) -> Any:
    return _out(party_detail_get(user=actor(request), code=code.upper()))


@router.post(
    "/", response={201: PartyDetailOut, **WRITE_ERRORS}, summary="Register a party (coordinator)"
)
def parties_create(request: HttpRequest, payload: PartyIn) -> Any:
    user = actor(request)
    party = party_create(actor=user, **payload.model_dump())
    return Status(201, _out(party_detail_get(user=user, code=party.code)))


@router.patch(
    "/{code}", response={200: PartyDetailOut, **WRITE_ERRORS}, summary="Edit a party (coordinator)"
)
def parties_update(request: HttpRequest, code: str, payload: PartyPatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    party = party_get(user=user, code=code.upper())
    party_update(actor=user, party=party, expected_version=version, changes=changes)
    return _out(party_detail_get(user=user, code=party.code))
