"""Parties: nations, organisations, funds; with their memberships and the GDP and defence-spending series."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from nsatu.api.common import LIST_ERRORS, READ_ERRORS, DecimalStr, Pagination, actor
from nsatu.parties.models import Group, Party, PartyKind
from nsatu.parties.selectors import party_defence_series, party_gdp_series, party_get, party_list

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
    gdp: list[GdpOut]
    defence_spending: list[DefenceSpendingOut]


@router.get("/", response={200: list[PartyOut], **LIST_ERRORS}, summary="List parties")
@paginate(Pagination)
def parties_list(request: HttpRequest, filters: Query[PartyFilters]) -> Any:
    return party_list(user=actor(request), kind=filters.kind, group=filters.group, search=filters.search)


@router.get("/{code}", response={200: PartyDetailOut, **READ_ERRORS}, summary="One party with its series")
def parties_detail(request: HttpRequest, code: str) -> Any:
    party = party_get(user=actor(request), code=code.upper())
    return {
        "code": party.code, "name": party.name, "kind": party.kind, "releasability": party.releasability,
        "source_url": party.source_url, "memberships": list(party.memberships.all()),
        "gdp": party_gdp_series(party=party), "defence_spending": party_defence_series(party=party),
    }
