"""Writes of repair orders: equipment sent back for repair, and its steps until it returns or is written off.

Every write checks the role (nsatu.logistics.rules) and the status step (nsatu.logistics.workflow), leaves an
audit event and is one transaction of its own.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create, record_update
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.references import reference_next
from nsatu.logistics import rules
from nsatu.logistics.models import Hub, RepairOrder, RepairStatus
from nsatu.logistics.workflow import OPEN_REPAIR, repair_next_steps
from nsatu.parties.models import Party


@transaction.atomic
def repair_order_create(
    *,
    actor: Actor,
    item_type: ItemType,
    quantity: int,
    facility: str,
    facility_party: Party,
    sent_on: dt.date,
    expected_return: dt.date,
    hub: Hub | None = None,
    reference: str = "",
    releasability: str = Releasability.PARTICIPANTS,
    illustrative: bool = False,
    notes: str = "",
) -> RepairOrder:
    """Equipment sent back for repair, recorded by Ukraine or the command; owner is the repairing nation."""
    require_role(actor, *rules.REPAIR_RECORDERS, action=_("record repair orders"))
    if quantity < 1:
        raise ValidationError({"quantity": [_("The quantity must be at least 1.")]})
    if expected_return < sent_on:
        raise ValidationError(
            {
                "expected_return": [
                    _("The expected return %(r)s is before it was sent on %(s)s.")
                    % {"r": expected_return, "s": sent_on}
                ]
            }
        )
    if releasability not in (Releasability.PUBLIC, Releasability.PARTICIPANTS):
        raise ValidationError(
            {
                "releasability": [
                    _(
                        "A repair order must be public or for all participants: "
                        "Ukraine must read it."
                    )
                ]
            }
        )
    return record_create(
        actor=actor,
        action="repair.create",
        obj=RepairOrder(
            reference=reference or reference_next(model=RepairOrder, prefix="REP-"),
            item_type=item_type,
            quantity=quantity,
            facility=facility,
            facility_party=facility_party,
            hub=hub,
            sent_on=sent_on,
            expected_return=expected_return,
            owner=facility_party,
            releasability=releasability,
            illustrative=illustrative,
            notes=notes,
        ),
    )


@transaction.atomic
def repair_order_set_status(
    *,
    actor: Actor,
    order: RepairOrder,
    status: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> RepairOrder:
    require_role(actor, *rules.REPAIR_UPDATERS, action=_("update repairs"))
    if not rules.may_update_repair(actor, order):
        raise PermissionDenied(
            _("Only %(p)s's liaison updates this repair.") % {"p": order.facility_party}
        )
    # As for shipments: a stale version answers 409 with what changed before the step is judged impossible.
    order = record_update(
        actor=actor,
        obj=order,
        changes={},
        expected_version=expected_version,
        action=f"repair.{status}",
    )
    if order.status not in OPEN_REPAIR:
        raise ValidationError(
            {"status": [_("The repair is closed (%(s)s).") % {"s": order.get_status_display()}]}
        )
    if status not in repair_next_steps(order.status):
        raise ValidationError(
            {"status": [_("%(s)s is not a next step of this repair.") % {"s": status}]}
        )
    changes: dict[str, object] = {"status": status}
    if status == RepairStatus.RETURNED:
        on = on or timezone.localdate()
        if on < order.sent_on:
            raise ValidationError(
                {"on": [_("%(d)s is before it was sent on %(s)s.") % {"d": on, "s": order.sent_on}]}
            )
        changes["returned_on"] = on
    return record_update(
        actor=actor,
        obj=order,
        changes=changes,
        expected_version=expected_version,
        action=f"repair.{status}",
    )
