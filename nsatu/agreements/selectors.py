"""Reads on agreements and burden sharing (fund ledgers: nsatu.agreements.funds). Every record read is built on
visible_q."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.agreements.burden import (
    GUIDELINE_PCT,
    WASHINGTON_BASELINE_EUR,
    FairShareReport,
    burden_aid_shares,
    burden_estimate_years,
    burden_fair_shares,
    burden_guideline_counts,
    burden_party_names,
    burden_years,
)
from nsatu.agreements.models import Agreement, AgreementKind, AgreementLink, Commitment
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, mark_visible_refs, ref_shown
from nsatu.core.visibility import visible_q
from nsatu.engine.burden import (
    AidShare,
    YearCommitment,
    YearStatus,
    commitment_status,
    signature_timeline,
    signed_count,
)
from nsatu.engine.valuation import ValuationError, to_eur
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_get, flow_visible
from nsatu.parties.models import Party, PartyKind
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges.models import Pledge, PledgeStatus, ReportedAid
from nsatu.pledges.selectors import pledge_get, pledge_visible

# The eve of NATO's Washington summit (9-11 July 2024), where NSATU was announced.
WASHINGTON_EVE = dt.date(2024, 7, 9)


def agreement_visible(*, user: Reader) -> QuerySet[Agreement]:
    return Agreement.objects.filter(visible_q(user))


# Columns the agreement list sorts by (core.paging.sort_of), each with its tie-breaker.
AGREEMENT_SORTS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "signed": ("signed_on", "title"),
    "kind": ("kind", "title"),
    "status": ("status", "title"),
    "duration": ("duration_years", "title"),
}


def agreement_list(
    *,
    user: Reader,
    kind: str | None = None,
    party: str | None = None,
    status: str | None = None,
    search: str | None = None,
    signed_from: dt.date | None = None,
    signed_to: dt.date | None = None,
    order: tuple[str, ...] = ("signed_on", "title"),
) -> QuerySet[Agreement]:
    qs = mark_visible_refs(
        agreement_visible(user=user)
        .select_related("owner", "dataset", "framework")
        .prefetch_related(Prefetch("parties", queryset=party_visible(user=user).order_by("name"))),
        field="framework",
        visible=agreement_visible(user=user),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if party:
        qs = qs.filter(parties__in=party_visible(user=user).filter(code=party))
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(areas__icontains=search)
            | Q(stated_funding__icontains=search)
        )
    if signed_from:
        qs = qs.filter(signed_on__gte=signed_from)
    if signed_to:
        qs = qs.filter(signed_on__lte=signed_to)
    return qs.order_by(*order)


def agreement_get(*, user: Reader, pk: int) -> Agreement:
    agreement = agreement_list(user=user).filter(pk=pk).first()
    if agreement is None:
        raise NotFound(pk)
    return agreement


def agreement_count_signed(*, user: Reader, on: dt.date) -> int:
    """Agreements signed on or before `on`, computed from the signing dates the user may see."""
    return signed_count(agreement_visible(user=user).values_list("signed_on", flat=True), on=on)


def agreement_timeline(*, user: Reader) -> list[tuple[dt.date, int]]:
    return signature_timeline(agreement_visible(user=user).values_list("signed_on", flat=True))


def pledge_value_eur(pledge: Pledge) -> tuple[Decimal | None, str]:
    """The pledge's value in EUR and how it was found (its own EUR value, its amount at the ECB rate, unit values)."""
    if pledge.value_eur is not None:
        return pledge.value_eur, _("value (EUR)")
    if pledge.amount is not None and pledge.currency:
        if pledge.currency == "EUR":
            return pledge.amount, _("amount")
        if pledge.announced_on is not None:
            try:
                v = to_eur(pledge.amount, pledge.currency, pledge.announced_on)
            except ValuationError:
                return None, _("no ECB rate")
            return v.amount_eur, _("ECB %(rate)s %(cur)s/EUR of %(date)s") % {
                "rate": v.rate,
                "cur": pledge.currency,
                "date": date_format(v.rate_date, "SHORT_DATE_FORMAT"),
            }
    unit = pledge.item_type.unit_value_eur if pledge.item_type else None
    quantity = pledge.delivered_quantity or pledge.quantity
    if unit is not None and quantity:
        return unit * quantity, _("quantity × unit value")
    return None, _("no EUR value")


def _pledge_year(pledge: Pledge) -> int | None:
    return pledge.announced_on.year if pledge.announced_on else pledge.year


@dataclass
class LinkedRow:
    link: AgreementLink
    year: int | None
    delivered: bool
    value_eur: Decimal | None
    valued_by: str


@dataclass
class AgreementYears:
    rows: list[YearStatus]
    links: list[LinkedRow] = field(default_factory=list)
    gdp_source: str = ""


def agreement_years(*, user: Reader, agreement: Agreement) -> AgreementYears:
    """Per year: committed against delivered through the linked pledges and flows the user may see.

    A delivered pledge counts in its year at its EUR value; a linked flow counts at its EUR value in the year of
    its date, unless it delivers a pledge that is itself linked (that euro is counted once, with the pledge).
    GDP is the Kiel tracker's GDP of the partner (EUR), the base of Kiel's own share-of-GDP column; Kiel's
    military aid of the partner per year is shown beside, to judge the commitment on the tracker's figures too.
    """
    # A link names a pledge or a flow; one the reader may not see leaves the row out (core/refs.py marks).
    marked = mark_visible_refs(
        mark_visible_refs(
            agreement.links.select_related("pledge__item_type", "flow", "linked_by"),
            field="pledge",
            visible=pledge_visible(user=user),
        ),
        field="flow",
        visible=flow_visible(user=user),
    )
    links = list(marked.filter(Q(pledge_seen=True) | Q(flow_seen=True)))
    pledge_ids = {lk.pledge_id for lk in links if lk.pledge_id}
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    linked = []
    for lk in links:
        pledge, flow = ref_shown(lk, "pledge"), ref_shown(lk, "flow")
        if isinstance(pledge, Pledge):
            value, how = pledge_value_eur(pledge)
            year = _pledge_year(pledge)
            done = pledge.status == PledgeStatus.DELIVERED
        else:
            assert isinstance(flow, Flow)  # the row is kept for a link the reader sees
            value, how = flow.amount_eur, _("flow (EUR)")
            year = flow.date.year if flow.date else None
            done = flow.pledge_id not in pledge_ids
        if done and value is not None and year is not None:
            delivered[year] += value
        linked.append(LinkedRow(lk, year, done, value, how))
    partners = [
        p.pk for p in agreement.parties.all() if p.kind == PartyKind.NATION and p.code != "UKR"
    ]
    commitments = [
        YearCommitment(c.year, c.amount_eur, c.gdp_share_pct) for c in agreement.commitments.all()
    ]
    gdp: dict[int, Decimal] = {}
    reported: dict[int, Decimal] = {}
    if len(partners) == 1:
        kiel = list(
            ReportedAid.objects.filter(donor_id=partners[0])
            .order_by()
            .values_list("year", "military_eur", "gdp_eur")
        )
        # Kiel gives one GDP per donor, the same on every row: the base of its own share-of-GDP column.
        base = next((g for _y, _m, g in kiel if g), None)
        if base:
            gdp = dict.fromkeys({c.year for c in commitments} | set(delivered), base)
        for year, military, _g in kiel:
            reported[year] = reported.get(year, Decimal(0)) + military
    rows = commitment_status(
        commitments=commitments, delivered_eur=delivered, gdp_eur=gdp, reported_eur=reported
    )
    return AgreementYears(
        rows,
        linked,
        _(
            "Kiel Institute, Ukraine Support Tracker: the donor's GDP (one figure for "
            "all years) and its military aid per year"
        ),
    )


def agreement_commitments(*, agreement: Agreement) -> list[Commitment]:
    return list(agreement.commitments.order_by("year"))


def agreement_pledge_candidates(*, user: Reader, agreement: Agreement) -> QuerySet[Pledge]:
    """Visible pledges by a party to the agreement and not yet linked to it: what the link form offers."""
    return (
        pledge_visible(user=user)
        .filter(donor__in=agreement.parties.all())
        .exclude(agreement_links__agreement=agreement)
        .select_related("donor")
        .order_by("donor__code", "-id")
    )


def agreement_links_visible(*, user: Reader, agreement: Agreement) -> QuerySet[AgreementLink]:
    """Links whose pledge or flow the user may see: what the unlink form may name."""
    return agreement.links.filter(
        Q(pledge__in=pledge_visible(user=user)) | Q(flow__in=flow_visible(user=user))
    )


def agreement_flow_candidates(*, user: Reader, agreement: Agreement) -> QuerySet[Flow]:
    return flow_visible(user=user).filter(source__in=agreement.parties.all())


@dataclass(frozen=True)
class AgreementIndex:
    agreements: QuerySet[Agreement]  # filtered and ordered as asked; the page shows one page of it
    timeline: list[tuple[dt.date, int]]
    count_on: int
    count_eve: int
    listed: int
    undated: int


def agreement_index_get(
    *,
    user: Reader,
    on: dt.date,
    kind: str | None = None,
    party: str | None = None,
    status: str | None = None,
    search: str | None = None,
    signed_from: dt.date | None = None,
    signed_to: dt.date | None = None,
    order: tuple[str, ...] = ("signed_on", "title"),
) -> AgreementIndex:
    """The agreements the filters keep, their signatures over time, and how many of all the user may see were
    signed by `on` and by the summit's eve."""
    agreements = agreement_list(
        user=user,
        kind=kind,
        party=party.upper() if party else None,
        status=status,
        search=search,
        signed_from=signed_from,
        signed_to=signed_to,
        order=order,
    )
    return AgreementIndex(
        agreements,
        agreement_timeline(user=user),
        agreement_count_signed(user=user, on=on),
        agreement_count_signed(user=user, on=WASHINGTON_EVE),
        agreements.count(),
        agreements.filter(signed_on__isnull=True).count(),
    )


@dataclass(frozen=True)
class AgreementPage:
    agreement: Agreement
    years: AgreementYears
    commitments: list[Commitment]
    pledges: QuerySet[Pledge]  # what the link form may offer
    flows: QuerySet[Flow]
    links: QuerySet[AgreementLink]  # what the unlink form may name

    def commitment(self, year: object) -> Commitment | None:
        return next((c for c in self.commitments if str(c.year) == str(year)), None)


def agreement_page_get(*, user: Reader, pk: int) -> AgreementPage:
    agreement = agreement_get(user=user, pk=pk)
    return AgreementPage(
        agreement,
        agreement_years(user=user, agreement=agreement),
        agreement_commitments(agreement=agreement),
        agreement_pledge_candidates(user=user, agreement=agreement),
        agreement_flow_candidates(user=user, agreement=agreement),
        agreement_links_visible(user=user, agreement=agreement),
    )


@dataclass(frozen=True)
class AgreementFormChoices:
    parties: QuerySet[Party]
    frameworks: QuerySet[Agreement]


def agreement_form_choices_get(*, user: Reader) -> AgreementFormChoices:
    """The parties and frameworks the agreement form may offer: only those the user may see."""
    return AgreementFormChoices(
        party_visible(user=user).order_by("name"),
        agreement_visible(user=user).filter(kind=AgreementKind.MULTILATERAL).order_by("title"),
    )


def agreement_years_get(*, user: Reader, pk: int) -> AgreementYears:
    return agreement_years(user=user, agreement=agreement_get(user=user, pk=pk))


@dataclass(frozen=True)
class AgreementParties:
    parties: list[Party]
    owner: Party


def agreement_input_resolve(*, user: Reader, parties: list[str], owner: str) -> AgreementParties:
    """The parties an agreement's input names by code; one the user may not see is a field error."""
    return AgreementParties(
        [
            field_ref("parties", code, partial(party_get, user=user, code=code.upper()))
            for code in parties
        ],
        field_ref("owner", owner, partial(party_get, user=user, code=owner.upper())),
    )


@dataclass(frozen=True)
class LinkRefs:
    agreement: Agreement
    pledge: Pledge | None
    flow: Flow | None


def agreement_link_resolve(
    *, user: Reader, pk: int, pledge: int | None, flow: int | None
) -> LinkRefs:
    """The agreement (a 404 when hidden) and the pledge or flow a link names (a field error when hidden)."""
    agreement = agreement_get(user=user, pk=pk)
    return LinkRefs(
        agreement,
        None
        if pledge is None
        else field_ref("pledge", pledge, partial(pledge_get, user=user, pk=pledge)),
        None if flow is None else field_ref("flow", flow, partial(flow_get, user=user, pk=flow)),
    )


def agreement_link_get(*, user: Reader, pk: int) -> AgreementLink:
    """A link of an agreement the reader may see, its agreement, pledge and flow marked (core/refs.py)."""
    qs = AgreementLink.objects.filter(pk=pk, agreement__in=agreement_visible(user=user))
    qs = mark_visible_refs(qs, field="agreement", visible=agreement_visible(user=user))
    qs = mark_visible_refs(qs, field="pledge", visible=pledge_visible(user=user))
    link = mark_visible_refs(qs, field="flow", visible=flow_visible(user=user)).first()
    if link is None:
        raise NotFound(pk)
    return link


# The target the burden-sharing page compares against when the reader names none (% of GDP).
DEFAULT_TARGET_PCT = 3.5


@dataclass(frozen=True)
class BurdenPage:
    year: int
    years: list[int]
    target: float
    shares: list[AidShare]
    names: dict[str, str]
    counts: dict[int, int]  # allies at or above the guideline, per year
    target_counts: dict[int, int]  # at or above the reader's target
    fair: FairShareReport
    estimates: set[int]

    @property
    def max_difference(self) -> Decimal | None:
        return max((s.difference for s in self.shares if s.difference is not None), default=None)

    @property
    def count_rows(self) -> list[tuple[int, int, int]]:
        return [(y, self.counts[y], self.target_counts.get(y, 0)) for y in self.counts]


def burden_page_get(
    *,
    user: Reader,
    year: int | None = None,
    target: Decimal | float | None = None,
    baseline_eur: Decimal | None = None,
) -> BurdenPage:
    """Burden sharing in `year` (default 2024, else the latest year with aid figures) against a target.

    `baseline_eur` is the yearly sum a framework shares by GDP (its record's); Washington's when none is given.
    """
    years = burden_years()
    year = year or (2024 if 2024 in years else (years[-1] if years else 2024))
    chosen = float(target or DEFAULT_TARGET_PCT)
    shares = burden_aid_shares(year=year)
    names = burden_party_names(user=user)
    counts = burden_guideline_counts(target=GUIDELINE_PCT)
    target_counts = burden_guideline_counts(target=chosen)
    fair = burden_fair_shares(year=year, baseline_eur=baseline_eur or WASHINGTON_BASELINE_EUR)
    return BurdenPage(
        year,
        years,
        chosen,
        shares,
        names,
        counts,
        target_counts,
        fair,
        burden_estimate_years(),
    )
