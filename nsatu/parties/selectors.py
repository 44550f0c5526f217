from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import mark_loaded_refs
from nsatu.core.visibility import visible_q
from nsatu.parties.models import (
    Coalition,
    CoalitionMember,
    DefenceSpending,
    GdpFigure,
    Membership,
    Party,
)


def party_visible(*, user: Reader) -> QuerySet[Party]:
    return Party.objects.filter(visible_q(user))


def party_list(
    *,
    user: Reader,
    kind: str | None = None,
    group: str | None = None,
    search: str | None = None,
    order: Sequence[str] = (),
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
    return qs.distinct().order_by(*(order or ("name",)))


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


# --- coalitions ---------------------------------------------------------------------------------


def coalition_visible(*, user: Reader) -> QuerySet[Coalition]:
    return Coalition.objects.filter(visible_q(user))


COALITION_ORDERS = (
    "name",
    "-name",
    "capability_area",
    "-capability_area",
    "established",
    "-established",
    "member_count",
    "-member_count",
)


def coalition_list(
    *,
    user: Reader,
    capability_area: str | None = None,
    udcg: bool | None = None,
    search: str | None = None,
    order: str = "name",
) -> QuerySet[Coalition]:
    """Coalitions the reader may see, with their member and lead counts, in one of COALITION_ORDERS."""
    qs = coalition_visible(user=user).annotate(
        member_count=Count("memberships", distinct=True),
        lead_count=Count("memberships", filter=Q(memberships__lead=True), distinct=True),
    )
    if capability_area:
        qs = qs.filter(capability_area=capability_area)
    if udcg is not None:
        qs = qs.filter(udcg=udcg)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(memberships__party__code__iexact=search))
    if order not in COALITION_ORDERS:
        order = "name"
    return qs.select_related("dataset").distinct().order_by(order, "name")


def coalition_get(*, user: Reader, pk: int) -> Coalition:
    coalition = coalition_visible(user=user).select_related("dataset").filter(pk=pk).first()
    if coalition is None:
        raise NotFound(str(pk))
    return coalition


def coalition_member_list(*, user: Reader, coalition: Coalition) -> list[CoalitionMember]:
    """Leads first, then members; each marked `party_seen` so a party hidden from the reader is not named."""
    rows = CoalitionMember.objects.filter(coalition=coalition).select_related("party")
    return mark_loaded_refs(
        rows.order_by("-lead", "party__name"), field="party", visible=party_visible(user=user)
    )


def coalition_members_by_coalition(
    *, user: Reader, coalitions: list[Coalition]
) -> dict[int, list[CoalitionMember]]:
    """The members of several coalitions in one read (list pages, exports), marked as coalition_member_list."""
    rows = mark_loaded_refs(
        CoalitionMember.objects.filter(coalition__in=coalitions)
        .select_related("party")
        .order_by("-lead", "party__name"),
        field="party",
        visible=party_visible(user=user),
    )
    grouped: dict[int, list[CoalitionMember]] = {c.pk: [] for c in coalitions}
    for row in rows:
        grouped[row.coalition_id].append(row)
    return grouped
