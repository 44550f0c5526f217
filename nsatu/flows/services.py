from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.flows import rules
from nsatu.flows.models import Flow, FlowKind
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge


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
    rules.check_may_record(actor, source_id=source.pk)
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
