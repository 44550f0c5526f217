"""Reads on multilateral frameworks: an Agreement of kind multilateral, its signatories, the agreements concluded
under it and what each signatory committed and delivered against it. Every record read is built on visible_q."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from nsatu.agreements.models import Agreement, AgreementKind, Signatory
from nsatu.agreements.selectors import (
    BurdenPage,
    agreement_visible,
    agreement_years,
    burden_page_get,
)
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.engine.burden import FairShare, SignatoryTotal, signatory_totals
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_visible

RECIPIENT = "UKR"
# Columns the framework list sorts by (core.paging.sort_of), each with its tie-breaker.
FRAMEWORK_SORTS: dict[str, tuple[str, ...]] = {
    "signed": ("signed_on", "title"),
    "title": ("title",),
    "signatories": ("n_signatories", "title"),
    "agreements": ("n_agreements", "title"),
}


def framework_visible(*, user: Reader) -> QuerySet[Agreement]:
    return agreement_visible(user=user).filter(kind=AgreementKind.MULTILATERAL)


def framework_list(
    *,
    user: Reader,
    search: str | None = None,
    party: str | None = None,
    signed_from: dt.date | None = None,
    signed_to: dt.date | None = None,
    order: tuple[str, ...] = FRAMEWORK_SORTS["signed"],
) -> QuerySet[Agreement]:
    """Frameworks with the number of signatories and of agreements under each that the user may see."""
    parties = party_visible(user=user)
    qs = (
        framework_visible(user=user)
        .select_related("owner", "dataset")
        .prefetch_related(Prefetch("parties", queryset=parties.order_by("name")))
        .annotate(
            n_signatories=Count("signatory", filter=Q(signatory__party__in=parties), distinct=True),
            n_agreements=Count(
                "concluded_under",
                filter=Q(concluded_under__in=agreement_visible(user=user)),
                distinct=True,
            ),
        )
    )
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(rule__icontains=search))
    if party:
        qs = qs.filter(signatory__party__in=parties.filter(code=party.upper())).distinct()
    if signed_from:
        qs = qs.filter(signed_on__gte=signed_from)
    if signed_to:
        qs = qs.filter(signed_on__lte=signed_to)
    return qs.order_by(*order)


def framework_get(*, user: Reader, pk: int) -> Agreement:
    framework = framework_list(user=user).filter(pk=pk).first()
    if framework is None:
        raise NotFound(pk)
    return framework


def framework_signatories(*, user: Reader, framework: Agreement) -> list[Signatory]:
    """The signatories the user may see, each with the date it joined and the page that says so."""
    return list(
        Signatory.objects.filter(agreement=framework, party__in=party_visible(user=user))
        .select_related("party")
        .order_by("joined_on", "party__name")
    )


def framework_agreements(*, user: Reader, framework: Agreement) -> list[Agreement]:
    return list(
        agreement_visible(user=user)
        .filter(framework=framework)
        .select_related("owner", "dataset")
        .prefetch_related(Prefetch("parties", queryset=party_visible(user=user)))
        .order_by("signed_on", "title")
    )


def _partners(agreement: Agreement) -> list[Party]:
    return [p for p in agreement.parties.all() if p.code != RECIPIENT]


@dataclass(frozen=True)
class SignatoryRow:
    party: Party
    signatory: (
        Signatory | None
    )  # None: it concluded an agreement under the framework, its joining unsourced
    total: SignatoryTotal
    agreements: list[Agreement]
    fair: FairShare | None


@dataclass(frozen=True)
class FrameworkPage:
    framework: Agreement
    rows: list[SignatoryRow]
    agreements: list[Agreement]
    burden: BurdenPage | None  # for a framework that shares a baseline by GDP

    @property
    def committed_eur(self) -> Decimal:
        return sum((r.total.committed_eur or Decimal(0) for r in self.rows), Decimal(0))

    @property
    def delivered_eur(self) -> Decimal:
        return sum((r.total.delivered_eur for r in self.rows), Decimal(0))


def framework_page_get(
    *, user: Reader, pk: int, year: int | None = None, target: Decimal | float | None = None
) -> FrameworkPage:
    """Per signatory: its agreements under the framework, what they commit and deliver (agreement_years, the
    one computation of the agreement pages), and for a framework with a baseline its fair share by GDP."""
    framework = framework_get(user=user, pk=pk)
    signatories = framework_signatories(user=user, framework=framework)
    agreements = framework_agreements(user=user, framework=framework)
    years = [
        (partner.code, agreement_years(user=user, agreement=a).rows)
        for a in agreements
        for partner in _partners(a)[:1]
    ]
    totals = signatory_totals([s.party.code for s in signatories], years)
    burden = (
        burden_page_get(user=user, year=year, target=target, baseline_eur=framework.baseline_eur)
        if framework.baseline_eur is not None
        else None
    )
    fair = {s.ally: s for s in burden.fair.shares} if burden else {}
    by_code = {s.party.code: s for s in signatories}
    parties = {s.party.code: s.party for s in signatories}
    for a in agreements:
        parties.update({p.code: p for p in _partners(a)})
    rows = [
        SignatoryRow(
            parties[t.party],
            by_code.get(t.party),
            t,
            [a for a in agreements if t.party in {p.code for p in _partners(a)[:1]}],
            fair.get(t.party),
        )
        for t in totals
    ]
    return FrameworkPage(framework, rows, agreements, burden)


def framework_for_burden(*, user: Reader) -> Agreement | None:
    """The framework whose page shows the GDP split of a baseline (NATO's Washington pledge), if one is visible."""
    return (
        framework_visible(user=user)
        .filter(baseline_eur__isnull=False)
        .order_by("-signed_on", "pk")
        .first()
    )
