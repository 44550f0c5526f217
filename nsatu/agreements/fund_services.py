"""Writes on fund ledgers (re-exported by nsatu.agreements.services). Each checks the actor, writes an audit event
and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.agreements import rules
from nsatu.agreements.funds import entry_key, flow_key, fund_lines
from nsatu.agreements.models import EntryKind, FundEntry
from nsatu.audit.services import record_create
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import visible_q
from nsatu.engine.flows import FundLedger, FundLine, fund_ledger
from nsatu.flows.models import Flow
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.models import Party, PartyKind


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
