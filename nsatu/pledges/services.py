from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nsatu.accounts.models import Role, User
from nsatu.catalogue.models import ItemType
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.services import create_audited, require_role, versioned_update
from nsatu.needs.models import Requirement
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche

# The ladder only climbs; withdrawal is possible from any step before delivery.
LADDER: list[str] = [PledgeStatus.ANNOUNCED, PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED, PledgeStatus.DELIVERED]
EDITABLE_FIELDS = ("item_type", "description", "quantity", "amount", "currency", "announced_on", "requirement",
                   "mechanism", "notes", "releasability", "kind")


def _check_may_write(actor: User, donor: Party) -> None:
    require_role(actor, Role.DONOR_LIAISON, Role.COORDINATOR, action=_("record pledges"))
    if actor.role == Role.DONOR_LIAISON and actor.party_id != donor.pk:
        raise PermissionDenied(
            _("A liaison of %(own)s may not write pledges of %(other)s.") % {"own": actor.party, "other": donor}
        )


def pledge_create(*, actor: User, donor: Party, recipient: Party, kind: str = PledgeKind.IN_KIND,
                  item_type: ItemType | None = None, description: str = "", quantity: int | None = None,
                  amount: Decimal | None = None, currency: str = "", status: str = PledgeStatus.ANNOUNCED,
                  announced_on: dt.date | None = None, requirement: Requirement | None = None, mechanism: str = "",
                  notes: str = "", releasability: str = Releasability.PARTICIPANTS) -> Pledge:
    _check_may_write(actor, donor)
    if kind == PledgeKind.IN_KIND and item_type is None and not description:
        raise ValidationError({"item_type": [_("An in-kind pledge needs an item type or a description.")]})
    if kind == PledgeKind.FUNDS and amount is None:
        raise ValidationError({"amount": [_("A funds pledge needs an amount.")]})
    pledge = Pledge(
        donor=donor, recipient=recipient, kind=kind, item_type=item_type, description=description, quantity=quantity,
        amount=amount, currency=currency.upper(), status=status, announced_on=announced_on, requirement=requirement,
        mechanism=mechanism, notes=notes, owner=donor, releasability=releasability,
    )
    return create_audited(actor=actor, obj=pledge, action="pledge.create")


def pledge_update(*, actor: User, pledge: Pledge, expected_version: int | None, changes: dict[str, Any]) -> Pledge:
    _check_may_write(actor, pledge.donor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))})
    return versioned_update(actor=actor, obj=pledge, changes=changes, expected_version=expected_version,
                            action="pledge.update")


def pledge_set_status(*, actor: User, pledge: Pledge, status: str, expected_version: int | None = None) -> Pledge:
    _check_may_write(actor, pledge.donor)
    if status == PledgeStatus.WITHDRAWN:
        if pledge.status == PledgeStatus.DELIVERED:
            raise ValidationError(_("A delivered pledge cannot be withdrawn."))
    elif status not in LADDER or pledge.status not in LADDER or LADDER.index(status) != LADDER.index(pledge.status) + 1:
        raise ValidationError(
            _("A pledge moves one step up the ladder (announced → committed → allocated → delivered); "
              "%(frm)s → %(to)s is not allowed.") % {"frm": pledge.status, "to": status}
        )
    return versioned_update(actor=actor, obj=pledge, changes={"status": status}, expected_version=expected_version,
                            action=f"pledge.{status}")


def tranche_add(*, actor: User, pledge: Pledge, available_from: dt.date, quantity: int | None = None,
                amount: Decimal | None = None) -> Tranche:
    _check_may_write(actor, pledge.donor)
    if quantity is None and amount is None:
        raise ValidationError(_("A tranche needs a quantity or an amount."))
    existing = list(pledge.tranches.all())
    if quantity is not None and pledge.quantity is not None:
        planned = sum(t.quantity or 0 for t in existing) + quantity
        if planned > pledge.quantity:
            raise ValidationError(
                {"quantity": [_("Tranches would total %(n)s, more than the pledge's %(q)s.")
                              % {"n": planned, "q": pledge.quantity}]}
            )
    tranche = Tranche(pledge=pledge, available_from=available_from, quantity=quantity, amount=amount)
    return create_audited(actor=actor, obj=tranche, action="tranche.create")
