"""Writes on agreements and fund ledgers. Each checks the actor (nsatu.agreements.rules), writes an audit event
and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.agreements import rules
from nsatu.agreements.models import Agreement, AgreementLink, AgreementStatus, EntryKind, FundEntry
from nsatu.audit.services import record_create
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import visible_q
from nsatu.engine.burden import LedgerEntry, fund_balance
from nsatu.flows.models import Flow
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.models import Party, PartyKind
from nsatu.pledges.models import Pledge


def _may_link(actor: Actor, agreement: Agreement, donor_id: int | None) -> None:
    require_role(actor, *rules.LINKERS, action=_("link records to agreements"))
    if not rules.may_link(actor, agreement):
        raise PermissionDenied(
            _("%(party)s is not a party to %(agr)s.") % {"party": actor.party, "agr": agreement}
        )
    if not rules.may_link_record_of(actor, donor_id):
        raise PermissionDenied(_("A liaison links only its own nation's pledges and flows."))


@transaction.atomic
def agreement_link(
    *, actor: Actor, agreement: Agreement, pledge: Pledge | None = None, flow: Flow | None = None
) -> AgreementLink:
    """Link the pledge, or else the flow, a page or a request names."""
    if pledge is not None:
        return agreement_link_pledge(actor=actor, agreement=agreement, pledge=pledge)
    if flow is None:
        raise ValidationError({"pledge": [_("Give either a pledge id or a flow id.")]})
    return agreement_link_flow(actor=actor, agreement=agreement, flow=flow)


@transaction.atomic
def agreement_link_pledge(*, actor: Actor, agreement: Agreement, pledge: Pledge) -> AgreementLink:
    _may_link(actor, agreement, pledge.donor_id)
    if AgreementLink.objects.filter(agreement=agreement, pledge=pledge).exists():
        raise ValidationError(
            {
                "pledge": [
                    _("Pledge %(id)s is already linked to %(agr)s.")
                    % {"id": pledge.pk, "agr": agreement}
                ]
            }
        )
    if not agreement.parties.filter(pk=pledge.donor_id).exists():
        raise ValidationError(
            {
                "pledge": [
                    _("Pledge %(id)s is by %(donor)s, which is not a party to %(agr)s.")
                    % {"id": pledge.pk, "donor": pledge.donor, "agr": agreement}
                ]
            }
        )
    link = AgreementLink(agreement=agreement, pledge=pledge, linked_by_id=actor.pk)
    return record_create(actor=actor, obj=link, action="agreement.link_pledge")


@transaction.atomic
def agreement_link_flow(*, actor: Actor, agreement: Agreement, flow: Flow) -> AgreementLink:
    _may_link(actor, agreement, flow.source_id)
    if AgreementLink.objects.filter(agreement=agreement, flow=flow).exists():
        raise ValidationError(
            {
                "flow": [
                    _("Flow %(id)s is already linked to %(agr)s.")
                    % {"id": flow.pk, "agr": agreement}
                ]
            }
        )
    if not agreement.parties.filter(pk=flow.source_id).exists():
        raise ValidationError(
            {
                "flow": [
                    _("Flow %(id)s comes from %(src)s, which is not a party to %(agr)s.")
                    % {"id": flow.pk, "src": flow.source, "agr": agreement}
                ]
            }
        )
    link = AgreementLink(agreement=agreement, flow=flow, linked_by_id=actor.pk)
    return record_create(actor=actor, obj=link, action="agreement.link_flow")


@transaction.atomic
def fund_entry_record(
    *,
    actor: Actor,
    fund: Party,
    kind: str,
    counterparty: Party,
    date: dt.date,
    amount: Decimal,
    currency: str,
    description: str = "",
    flow: Flow | None = None,
    releasability: str = Releasability.PARTICIPANTS,
) -> FundEntry:
    """Add a line to a fund's ledger; refused if the committed or the spent total would exceed what came in."""
    require_role(actor, *rules.LEDGER_KEEPERS, action=_("keep fund ledgers"))
    if fund.kind != PartyKind.FUND:
        raise ValidationError({"fund": [_("%(p)s is not a fund.") % {"p": fund}]})
    if kind not in EntryKind.values:
        raise ValidationError(
            {
                "kind": [
                    _("%(k)r is not one of: %(all)s")
                    % {"k": kind, "all": ", ".join(EntryKind.values)}
                ]
            }
        )
    if amount is None or amount <= 0:
        raise ValidationError(
            {"amount": [_("The amount must be positive; record money going out as spending.")]}
        )
    amount = Decimal(amount)
    valuation = flow_valuation(amount=amount, currency=currency, on=date)
    amount_eur = Decimal(str(valuation["amount_eur"]))
    # Lock the fund so that two entries recorded at once cannot together overdraw it.
    Party.objects.select_for_update().get(pk=fund.pk)
    entries = [
        LedgerEntry(k, a)
        for k, a in FundEntry.objects.filter(fund=fund).values_list("kind", "amount_eur")
    ]
    after = fund_balance([*entries, LedgerEntry(kind, amount_eur)])
    # The totals count every entry; they are named only to an actor who may read every entry of this fund.
    readable = FundEntry.objects.filter(fund=fund).filter(visible_q(actor)).count() == len(entries)
    if kind == EntryKind.SPENDING and after.balance < 0 and not readable:
        raise ValidationError(
            {
                "amount": [
                    _("%(fund)s cannot spend EUR %(amt)s: that is more than its balance.")
                    % {"fund": fund, "amt": f"{amount_eur:,.2f}"}
                ]
            }
        )
    if kind == EntryKind.COMMITMENT and after.uncommitted < 0 and not readable:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "%(fund)s cannot commit EUR %(amt)s: that is more than its "
                        "contributions not yet committed."
                    )
                    % {"fund": fund, "amt": f"{amount_eur:,.2f}"}
                ]
            }
        )
    if kind == EntryKind.SPENDING and after.balance < 0:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "%(fund)s cannot spend EUR %(amt)s: its balance is EUR %(bal)s (contributions EUR %(inn)s less "
                        "spending EUR %(out)s); it would go EUR %(short)s below zero."
                    )
                    % {
                        "fund": fund,
                        "amt": f"{amount_eur:,.2f}",
                        "bal": f"{after.balance + amount_eur:,.2f}",
                        "inn": f"{after.contributions:,.2f}",
                        "out": f"{after.spending - amount_eur:,.2f}",
                        "short": f"{-after.balance:,.2f}",
                    }
                ]
            }
        )
    if kind == EntryKind.COMMITMENT and after.uncommitted < 0:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "%(fund)s cannot commit EUR %(amt)s: only EUR %(free)s of its "
                        "contributions is not yet committed."
                    )
                    % {
                        "fund": fund,
                        "amt": f"{amount_eur:,.2f}",
                        "free": f"{after.uncommitted + amount_eur:,.2f}",
                    }
                ]
            }
        )
    entry = FundEntry(
        fund=fund,
        kind=kind,
        counterparty=counterparty,
        date=date,
        amount=amount,
        currency=currency.upper(),
        flow=flow,
        description=description,
        owner=fund,
        releasability=releasability,
        **valuation,
    )
    return record_create(actor=actor, obj=entry, action=f"fund.{kind}")


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    parties: list[Party],
    owner: Party,
    status: str = AgreementStatus.SIGNED,
    signed_on: dt.date | None = None,
    duration_years: int | None = None,
    areas: str = "",
    stated_funding: str = "",
    source_url: str = "",
    releasability: str = Releasability.PUBLIC,
) -> Agreement:
    """Register an agreement, e.g. the G7 joint declaration of 12 July 2023 with its signatories."""
    require_role(actor, *rules.REGISTRARS, action=_("register agreements"))
    if len({p.pk for p in parties}) < 2:
        raise ValidationError({"parties": [_("An agreement needs at least two parties.")]})
    if (
        status in (AgreementStatus.SIGNED, AgreementStatus.RATIFIED, AgreementStatus.EXPIRED)
        and signed_on is None
    ):
        raise ValidationError(
            {"signed_on": [_("A %(s)s agreement needs its signing date.") % {"s": status}]}
        )
    if not source_url:
        raise ValidationError({"source_url": [_("Name the source the agreement rests on.")]})
    agreement = Agreement(
        title=title,
        kind=kind,
        status=status,
        signed_on=signed_on,
        duration_years=duration_years,
        duration_text=_("%(n)s years") % {"n": duration_years} if duration_years else "",
        areas=areas,
        stated_funding=stated_funding,
        source_url=source_url,
        owner=owner,
        releasability=releasability,
    )
    agreement = record_create(actor=actor, obj=agreement, action="agreement.create")
    agreement.parties.set(parties)
    return agreement
