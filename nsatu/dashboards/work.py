""" "My work": what awaits the signed-in user's action, read from each domain's own selectors and definitions.

Late is `logistics.selectors.shipment_lateness`, expiring is `planning.notices.claims_expiring_q`, behind is
a year the agreements' `commitment_status` finds not met; nothing here decides those again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nsatu.agreements.models import AgreementKind
from nsatu.agreements.selectors import agreement_visible, agreement_years
from nsatu.core.actors import Actor, Role, has_role, is_signed_in
from nsatu.core.refs import mark_visible_refs, ref_label
from nsatu.core.templatetags.nsatu_ui import num
from nsatu.logistics.models import Shipment, ShipmentStatus
from nsatu.logistics.selectors import discrepancy_visible, shipment_lateness, shipment_visible
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_list
from nsatu.parties.selectors import party_visible
from nsatu.planning.models import LineState
from nsatu.planning.notices import claims_expiring_q
from nsatu.planning.selectors import claim_list, plan_line_list

SHOWN = 5  # items listed per group; the count and the group's link give the rest
OPEN_SHIPMENTS = (ShipmentStatus.RECEIVED, ShipmentStatus.CANCELLED)


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str
    detail: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class WorkGroup:
    key: str
    title: Promise
    count: int
    items: tuple[WorkItem, ...]
    url: str


@dataclass(frozen=True)
class MyWork:
    groups: tuple[WorkGroup, ...]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def _group(key: str, title: Promise, items: Sequence[WorkItem], url: str) -> tuple[WorkGroup, ...]:
    if not items:
        return ()
    return (WorkGroup(key, title, len(items), tuple(items[:SHOWN]), url),)


def _requirement_items(rows: Iterable[Requirement]) -> list[WorkItem]:
    return [
        WorkItem(
            f"{r.reference} {r.title}",
            reverse("needs:detail", args=[r.pk]),
            # Worded per request, in the reader's language: 30.09.2027 in Ukrainian.
            date_format(r.needed_by, "SHORT_DATE_FORMAT") if r.needed_by else "",
            r.illustrative,
        )
        for r in rows
    ]


def _coordinator_work(user: Actor) -> tuple[WorkGroup, ...]:
    to_validate = requirement_list(user=user, status=RequirementStatus.SUBMITTED)
    to_publish = requirement_list(user=user, status=RequirementStatus.VALIDATED)
    base = reverse("needs:list")
    return _group(
        "validate",
        _("Requirements to validate"),
        _requirement_items(to_validate.order_by("priority", "reference")),
        f"{base}?{urlencode({'status': RequirementStatus.SUBMITTED})}",
    ) + _group(
        "publish",
        _("Requirements to publish"),
        _requirement_items(to_publish.order_by("priority", "reference")),
        f"{base}?{urlencode({'status': RequirementStatus.VALIDATED})}",
    )


def _proposal_work(user: Actor) -> tuple[WorkGroup, ...]:
    party = user.party
    if party is None:
        return ()
    lines = plan_line_list(user=user, state=LineState.PROPOSED, donor=party.code)
    query = {"state": LineState.PROPOSED, "donor": party.code}
    url = f"{reverse('planning:lines')}?{urlencode(query)}"
    items = [
        WorkItem(
            f"{ref_label(line, 'requirement')} · {ref_label(line, 'item_type')}: {num(line.quantity)}",
            url,
            date_format(line.arrival, "YEAR_MONTH_FORMAT"),
        )
        for line in lines
    ]
    return _group("proposals", _("Plan proposals to accept or decline"), items, url)


def _shipment_item(s: Shipment, detail: str = "") -> WorkItem:
    return WorkItem(s.reference, reverse("logistics:detail", args=[s.pk]), detail, s.illustrative)


def _receipt_work(user: Actor) -> tuple[WorkGroup, ...]:
    arrived = shipment_visible(user=user).filter(
        status=ShipmentStatus.HANDED_OVER, recipient_id=user.party_id
    )
    arrived = mark_visible_refs(arrived, field="donor", visible=party_visible(user=user))
    items = [
        WorkItem(
            s.reference,
            # The receipt form is on the shipment's page.
            reverse("logistics:detail", args=[s.pk]),
            ref_label(s, "donor"),
            s.illustrative,
        )
        for s in arrived.select_related("donor").order_by("handed_over_on", "reference")
    ]
    return _group("receipts", _("Receipts to confirm"), items, reverse("logistics:board"))


def _mine(qs: QuerySet[Shipment], user: Actor) -> QuerySet[Shipment]:
    """The shipments a user answers for: a liaison his nation's, a planner those coming to him, the command all."""
    if user.role == Role.DONOR_LIAISON:
        return qs.filter(donor_id=user.party_id)
    if user.role == Role.RECIPIENT_PLANNER:
        return qs.filter(recipient_id=user.party_id)
    return qs


def _late_work(user: Actor) -> tuple[WorkGroup, ...]:
    today = timezone.localdate()
    open_ones = _mine(shipment_visible(user=user), user).exclude(status__in=OPEN_SHIPMENTS)
    items = []
    for s in open_ones.order_by("reference"):
        late = shipment_lateness(shipment=s, today=today)
        if late is not None:
            items.append(_shipment_item(s, str(_("%(n)s days overdue")) % {"n": late.days}))
    return _group("late", _("Late shipments"), items, reverse("logistics:board"))


def _discrepancy_work(user: Actor) -> tuple[WorkGroup, ...]:
    ids = (
        discrepancy_visible(user=user)
        .filter(line__shipment__donor_id=user.party_id)
        .values("line__shipment_id")
    )
    shipments = shipment_visible(user=user).filter(pk__in=ids).order_by("-received_on")
    items = [_shipment_item(s) for s in shipments]
    return _group(
        "discrepancies",
        _("Discrepancies on my nation's shipments"),
        items,
        reverse("logistics:board"),
    )


def _claim_work(user: Actor) -> tuple[WorkGroup, ...]:
    now = timezone.now()
    own = user.party.code if user.role == Role.DONOR_LIAISON and user.party else None
    claims = claim_list(user=user, now=now, live=True, donor=own).filter(claims_expiring_q(now))
    items = [
        WorkItem(
            ref_label(c, "requirement"),
            reverse("planning:claims"),
            date_format(timezone.localtime(c.expires_at), "SHORT_DATE_FORMAT"),
        )
        for c in claims.order_by("expires_at")
    ]
    return _group("claims", _("Claims about to expire"), items, reverse("planning:claims"))


def _agreement_work(user: Actor) -> tuple[WorkGroup, ...]:
    year = timezone.localdate().year
    agreements = (
        agreement_visible(user=user)
        .filter(kind=AgreementKind.BILATERAL, parties=user.party_id)
        .prefetch_related("parties", "commitments")
        .order_by("title")
    )
    items = []
    for agreement in agreements:
        behind = [
            r.year
            for r in agreement_years(user=user, agreement=agreement).rows
            if r.met is False and r.year <= year
        ]
        if behind:
            detail = ", ".join(str(y) for y in behind)
            items.append(
                WorkItem(agreement.title, reverse("agreements:detail", args=[agreement.pk]), detail)
            )
    return _group(
        "commitments", _("Agreement commitments behind"), items, reverse("agreements:list")
    )


def my_work_get(*, user: Actor) -> MyWork:
    """The groups awaiting this user, in the order of the hand-offs; a group with nothing is left out."""
    if not is_signed_in(user):
        return MyWork(())
    groups: tuple[WorkGroup, ...] = ()
    if has_role(user, Role.COORDINATOR):
        groups += _coordinator_work(user) + _claim_work(user) + _late_work(user)
    elif has_role(user, Role.DONOR_LIAISON):
        groups += (
            _proposal_work(user)
            + _claim_work(user)
            + _agreement_work(user)
            + _late_work(user)
            + _discrepancy_work(user)
        )
    elif has_role(user, Role.RECIPIENT_PLANNER):
        groups += _receipt_work(user) + _late_work(user)
    return MyWork(groups)
