from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.parties.models import DefenceSpending, GdpFigure, Membership, Party


def party_visible(*, user: Reader) -> QuerySet[Party]:
    return Party.objects.filter(visible_q(user))


def party_list(
    *, user: Reader, kind: str | None = None, group: str | None = None, search: str | None = None
) -> QuerySet[Party]:
    qs = party_visible(user=user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.all())
    )
    if kind:
        qs = qs.filter(kind=kind)
    if group:
        qs = qs.filter(memberships__group=group)
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(code__iexact=search)
    return qs.distinct().order_by("name")


def party_get(*, user: Reader, code: str) -> Party:
    party = party_visible(user=user).filter(code=code).prefetch_related("memberships").first()
    if party is None:
        raise NotFound(code)
    return party


def party_gdp_series(*, party: Party) -> list[GdpFigure]:
    return list(GdpFigure.objects.filter(party=party).order_by("year"))


def party_defence_series(*, party: Party) -> list[DefenceSpending]:
    return list(DefenceSpending.objects.filter(party=party).order_by("year"))


def defence_spending_for_year(*, year: int) -> list[DefenceSpending]:
    return list(
        DefenceSpending.objects.filter(year=year, party__kind="nation")
        .select_related("party")
        .order_by("party__name")
    )


@dataclass(frozen=True)
class PartyDetail:
    party: Party
    memberships: list[Membership]
    gdp: list[GdpFigure]
    defence_spending: list[DefenceSpending]


def party_detail_get(*, user: Reader, code: str) -> PartyDetail:
    """A party with its memberships and its GDP and defence-spending series, as the API shows it."""
    party = party_get(user=user, code=code)
    return PartyDetail(
        party=party,
        memberships=list(party.memberships.all()),
        gdp=party_gdp_series(party=party),
        defence_spending=party_defence_series(party=party),
    )
