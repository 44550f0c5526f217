from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.parties.models import DefenceSpending, GdpFigure, Membership, Party


def party_visible(*, user: Any) -> QuerySet[Party]:
    return Party.objects.filter(visible_q(user))


def party_list(
    *, user: Any, kind: str | None = None, group: str | None = None, search: str | None = None
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


def party_get(*, user: Any, code: str) -> Party:
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
