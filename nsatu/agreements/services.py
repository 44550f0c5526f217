"""Writes on agreements and fund ledgers. Each checks the actor (nsatu.agreements.rules), writes an audit event
and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.agreements import rules
from nsatu.agreements.funds import entry_key, flow_key, fund_lines
from nsatu.agreements.models import Agreement, AgreementLink, AgreementStatus, EntryKind, FundEntry
from nsatu.audit.services import record_create
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import visible_q
from nsatu.engine.flows import FundLedger, FundLine, fund_ledger
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


def _check_entry_refs(
    *, fund: Party, kind: str, flow: Flow | None, settles: FundEntry | None
) -> None:
    if flow is not None:
        into = flow.destination_id == fund.pk
        if not into and flow.source_id != fund.pk:
            raise ValidationError(
                {
                    "flow": [
                        _("Flow %(id)s neither enters nor leaves %(fund)s.")
                        % {"id": flow.pk, "fund": fund}
                    ]
                }
            )
        if into != (kind == EntryKind.CONTRIBUTION):
            raise ValidationError(
                {
                    "flow": [
                        _("Flow %(id)s goes %(way)s %(fund)s: it cannot be recorded as %(kind)s.")
                        % {
                            "id": flow.pk,
                            "way": _("into") if into else _("out of"),
                            "fund": fund,
                            "kind": EntryKind(kind).label,
                        }
                    ]
                }
            )
    if settles is not None:
        if kind != EntryKind.SPENDING:
            raise ValidationError(
                {"settles": [_("Only a payment (spending) settles a commitment.")]}
            )
        if settles.fund_id != fund.pk or settles.kind != EntryKind.COMMITMENT:
            raise ValidationError(
                {
                    "settles": [
                        _("Entry %(id)s is not a commitment of %(fund)s.")
                        % {"id": settles.pk, "fund": fund}
                    ]
                }
            )


def _ledger_after(*, fund: Party, actor: Actor, new: FundLine) -> tuple[FundLedger, bool]:
    """The fund's whole ledger with the new line, and whether the actor may read every record it counts."""
    flows = Flow.objects.filter(Q(destination=fund) | Q(source=fund)).select_related(
        "source", "destination", "dataset"
    )
    entries = FundEntry.objects.filter(fund=fund).select_related("counterparty", "dataset")
    lines = fund_lines(fund=fund, flows=flows, entries=entries)
    readable = flows.filter(visible_q(actor)).count() + entries.filter(visible_q(actor)).count()
    return fund_ledger([*lines, new]), readable == len(lines)


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
    settles: FundEntry | None = None,
    releasability: str = Releasability.PARTICIPANTS,
) -> FundEntry:
    """Add a line to a fund's ledger; refused if the committed or the spent total would exceed what came in.

    The totals checked are the fund's whole ledger: its entries and the flows into and out of it, each euro once.
    """
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
    _check_entry_refs(fund=fund, kind=kind, flow=flow, settles=settles)
    amount = Decimal(amount)
    valuation = flow_valuation(amount=amount, currency=currency, on=date)
    amount_eur = Decimal(str(valuation["amount_eur"]))
    # Lock the fund so that two entries recorded at once cannot together overdraw it.
    Party.objects.select_for_update().get(pk=fund.pk)
    after, readable = _ledger_after(
        fund=fund,
        actor=actor,
        new=FundLine(
            key="entry:new",
            stage=kind,
            counterparty=counterparty.code,
            amount=amount,
            currency=currency,
            amount_eur=amount_eur,
            records=flow_key(flow.pk) if flow is not None else None,
            settles=entry_key(settles.pk) if settles is not None else None,
        ),
    )
    # The totals count every record; they are named only to an actor who may read every record of this fund.
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
                        "inn": f"{after.contributed.eur:,.2f}",
                        "out": f"{after.spent.eur - amount_eur:,.2f}",
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
        settles=settles,
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
