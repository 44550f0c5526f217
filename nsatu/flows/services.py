from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.engine.valuation import ValuationError, to_eur
from nsatu.flows.models import Flow, FlowKind
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge


def flow_valuation(
    *, amount: Decimal | None, currency: str, on: dt.date | None
) -> dict[str, object]:
    """EUR value at the ECB reference rate of the flow's date; the rate and its date are kept beside it."""
    if amount is None or not currency or on is None:
        return {"amount_eur": None, "eur_rate": None, "eur_rate_date": None}
    try:
        value = to_eur(amount, currency, on)
    except ValuationError as exc:
        raise ValidationError(
            {
                "currency": [
                    _("No ECB reference rate for %(cur)s on %(date)s (%(why)s).")
                    % {"cur": currency, "date": on, "why": exc}
                ]
            }
        ) from exc
    return {
        "amount_eur": value.amount_eur,
        "eur_rate": value.rate,
        "eur_rate_date": value.rate_date,
    }


def _check_parent(*, parent: Flow | None, source: Party, amount_eur: Decimal | None) -> None:
    if parent is None:
        return
    if parent.destination_id != source.pk:
        raise ValidationError(
            {
                "parent": [
                    _(
                        "A child flow starts where its parent ends: parent goes to %(dest)s, this flow comes "
                        "from %(src)s."
                    )
                    % {"dest": parent.destination, "src": source}
                ]
            }
        )
    if amount_eur is not None and parent.amount_eur is not None:
        # Lock the parent so that two children recorded at once cannot together pass on more than it brought.
        parent = Flow.objects.select_for_update().get(pk=parent.pk)
        parent_eur = parent.amount_eur or Decimal(0)
        passed = sum((c.amount_eur or Decimal(0) for c in parent.children.all()), Decimal(0))
        if passed + amount_eur > parent_eur:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "Children of flow %(id)s would pass on EUR %(n)s, more than the EUR %(p)s it brought."
                        )
                        % {"id": parent.pk, "n": passed + amount_eur, "p": parent.amount_eur}
                    ]
                }
            )


@transaction.atomic
def flow_create(
    *,
    actor: Actor,
    source: Party,
    destination: Party,
    kind: str = FlowKind.MONEY,
    parent: Flow | None = None,
    date: dt.date | None = None,
    amount: Decimal | None = None,
    currency: str = "",
    item_type: ItemType | None = None,
    quantity: int | None = None,
    pledge: Pledge | None = None,
    description: str = "",
    releasability: str = Releasability.PARTICIPANTS,
) -> Flow:
    require_role(actor, Role.COORDINATOR, Role.DONOR_LIAISON, action=_("record flows"))
    if actor.role == Role.DONOR_LIAISON and actor.party_id != source.pk:
        # The flow is owned by its source; a liaison may not create records owned by another nation.
        raise PermissionDenied(_("A liaison records only flows that its own party sends."))
    releasability_check(actor=actor, owner=source, owner_id=source.pk, releasability=releasability)
    if source.pk == destination.pk:
        raise ValidationError({"destination": [_("A flow needs two different parties.")]})
    if kind == FlowKind.MONEY and amount is None:
        raise ValidationError({"amount": [_("A money flow needs an amount.")]})
    valuation = flow_valuation(amount=amount, currency=currency, on=date)
    amount_eur = valuation["amount_eur"]
    _check_parent(
        parent=parent,
        source=source,
        amount_eur=amount_eur if isinstance(amount_eur, Decimal) else None,
    )
    flow = Flow(
        source=source,
        destination=destination,
        kind=kind,
        parent=parent,
        date=date,
        amount=amount,
        currency=currency.upper(),
        item_type=item_type,
        quantity=quantity,
        pledge=pledge,
        description=description,
        owner=source,
        releasability=releasability,
        **valuation,
    )
    return record_create(actor=actor, obj=flow, action="flow.create")
