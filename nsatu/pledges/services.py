from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create, record_update
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.engine.units import UnitKind
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import Party
from nsatu.pledges import rules
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.workflow import CREATE_STATUSES, may_withdraw, next_step


def _check_currency(currency: str) -> None:
    if currency and pycountry.currencies.get(alpha_3=currency.upper()) is None:
        raise ValidationError(
            {"currency": [_("%(c)s is not an ISO 4217 currency code.") % {"c": currency}]}
        )


def _check_requirement(
    requirement: Requirement | None, *, kind: str, status_too: bool = True
) -> None:
    if requirement is not None and (requirement.unit_kind == UnitKind.FUNDS) != (
        kind == PledgeKind.FUNDS
    ):
        # Coverage never adds money to items or rounds (docs/coverage.md): the earmark would count for nothing.
        raise ValidationError(
            {
                "requirement": [
                    _("%(ref)s asks for %(unit)s; a %(kind)s pledge cannot be earmarked for it.")
                    % {
                        "ref": requirement.reference,
                        "unit": requirement.get_unit_kind_display().lower(),
                        "kind": PledgeKind(kind).label.lower(),
                    }
                ]
            }
        )
    if status_too and requirement is not None and requirement.status != RequirementStatus.PUBLISHED:
        raise ValidationError(
            {
                "requirement": [
                    _(
                        "Pledges can be earmarked only for published requirements; %(ref)s is %(status)s."
                    )
                    % {"ref": requirement.reference, "status": requirement.get_status_display()}
                ]
            }
        )


def _check_releasability_change(actor: Actor, pledge: Pledge, releasability: str) -> None:
    if releasability != pledge.releasability and not rules.may_set_releasability(actor, pledge):
        raise PermissionDenied(
            _("Only %(owner)s may change who can read this pledge.") % {"owner": pledge.owner}
        )


@transaction.atomic
def pledge_create(
    *,
    actor: Actor,
    donor: Party,
    recipient: Party,
    kind: str = PledgeKind.IN_KIND,
    item_type: ItemType | None = None,
    description: str = "",
    quantity: int | None = None,
    amount: Decimal | None = None,
    currency: str = "",
    status: str = PledgeStatus.ANNOUNCED,
    announced_on: dt.date | None = None,
    requirement: Requirement | None = None,
    mechanism: str = "",
    notes: str = "",
    releasability: str = Releasability.PARTICIPANTS,
    dataset_id: int | None = None,
) -> Pledge:
    rules.check_may_write(actor, donor)
    if status not in CREATE_STATUSES:
        raise ValidationError(
            {"status": [_("A new pledge is announced or committed; it climbs the ladder after.")]}
        )
    if donor.pk == recipient.pk:
        raise ValidationError({"recipient": [_("A donor cannot pledge to itself.")]})
    releasability_check(actor=actor, owner=donor, owner_id=donor.pk, releasability=releasability)
    _check_currency(currency)
    _check_requirement(requirement, kind=kind)
    if kind == PledgeKind.IN_KIND and item_type is None and not description:
        raise ValidationError(
            {"item_type": [_("An in-kind pledge needs an item type or a description.")]}
        )
    if kind == PledgeKind.FUNDS and amount is None:
        raise ValidationError({"amount": [_("A funds pledge needs an amount.")]})
    pledge = Pledge(
        donor=donor,
        recipient=recipient,
        kind=kind,
        item_type=item_type,
        description=description,
        quantity=quantity,
        amount=amount,
        currency=currency.upper(),
        status=status,
        announced_on=announced_on,
        requirement=requirement,
        mechanism=mechanism,
        notes=notes,
        owner=donor,
        releasability=releasability,
        dataset_id=dataset_id,
    )
    return record_create(actor=actor, obj=pledge, action="pledge.create")


@transaction.atomic
def pledge_update(
    *, actor: Actor, pledge: Pledge, expected_version: int | None, changes: dict[str, Any]
) -> Pledge:
    rules.check_may_write(actor, pledge.donor)
    editable = rules.IMPORTED_EDITABLE_FIELDS if pledge.dataset_id else rules.EDITABLE_FIELDS
    unknown = set(changes) - set(editable)
    if unknown:
        why = (
            _(" (this pledge was imported from %(ds)s; its figures are the source's)")
            % {"ds": pledge.dataset}
            if pledge.dataset_id
            else ""
        )
        raise ValidationError(
            _("These fields cannot be edited: %(f)s%(why)s")
            % {"f": ", ".join(sorted(unknown)), "why": why}
        )
    if "releasability" in changes:
        _check_releasability_change(actor, pledge, changes["releasability"])
    if "currency" in changes:
        _check_currency(changes["currency"])
    if "requirement" in changes or "kind" in changes:
        _check_requirement(
            changes.get("requirement", pledge.requirement),
            kind=changes.get("kind", pledge.kind),
            status_too="requirement" in changes,
        )
    if "quantity" in changes and changes["quantity"] is not None:
        planned = sum(t.quantity or 0 for t in pledge.tranches.all())
        if changes["quantity"] < planned:
            raise ValidationError(
                {"quantity": [_("Its tranches already total %(n)s.") % {"n": planned}]}
            )
    return record_update(
        actor=actor,
        obj=pledge,
        changes=changes,
        expected_version=expected_version,
        action="pledge.update",
    )


@transaction.atomic
def pledge_set_status(
    *, actor: Actor, pledge: Pledge, status: str, expected_version: int | None = None
) -> Pledge:
    rules.check_may_write(actor, pledge.donor)
    if expected_version is not None:
        # A stale version is a conflict (409) before it is a move the ladder refuses (422): the reader must
        # reload, not correct his input.
        current = Pledge.objects.select_for_update().only("version").get(pk=pledge.pk)
        if current.version != expected_version:
            raise ConflictError(
                _(
                    "Pledge %(id)s was changed by someone else (now version %(v)s). Reload and retry."
                )
                % {"id": pledge.pk, "v": current.version}
            )
    if status == pledge.status:
        raise ValidationError(
            _("The pledge is already %(s)s.") % {"s": pledge.get_status_display()}
        )
    if status == PledgeStatus.WITHDRAWN:
        if not may_withdraw(pledge.status):
            raise ValidationError(_("A delivered pledge cannot be withdrawn."))
    elif status != next_step(pledge.status):
        raise ValidationError(
            _(
                "A pledge moves one step up the ladder (announced → committed → allocated → delivered); "
                "%(frm)s → %(to)s is not allowed."
            )
            % {"frm": pledge.status, "to": status}
        )
    return record_update(
        actor=actor,
        obj=pledge,
        changes={"status": status},
        expected_version=expected_version,
        action=f"pledge.{status}",
    )


@transaction.atomic
def tranche_add(
    *,
    actor: Actor,
    pledge: Pledge,
    available_from: dt.date,
    quantity: int | None = None,
    amount: Decimal | None = None,
    transit_months: int = 0,
    hub_id: int | None = None,
) -> Tranche:
    rules.check_may_write(actor, pledge.donor)
    if quantity is None and amount is None:
        raise ValidationError(_("A tranche needs a quantity or an amount."))
    # Lock the pledge so that two tranches added at once cannot together exceed it.
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status == PledgeStatus.WITHDRAWN:
        raise ValidationError(_("The pledge was withdrawn; it takes no tranches."))
    existing = list(pledge.tranches.all())
    if amount is not None and pledge.amount is not None:
        planned_amount = sum((t.amount or Decimal(0) for t in existing), Decimal(0)) + amount
        if planned_amount > pledge.amount:
            raise ValidationError(
                {
                    "amount": [
                        _("Tranches would total %(n)s, more than the pledge's %(q)s.")
                        % {"n": planned_amount, "q": pledge.amount}
                    ]
                }
            )
    if quantity is not None and pledge.quantity is not None:
        planned = sum(t.quantity or 0 for t in existing) + quantity
        if planned > pledge.quantity:
            raise ValidationError(
                {
                    "quantity": [
                        _("Tranches would total %(n)s, more than the pledge's %(q)s.")
                        % {"n": planned, "q": pledge.quantity}
                    ]
                }
            )
    tranche = Tranche(
        pledge=pledge,
        available_from=available_from,
        quantity=quantity,
        amount=amount,
        transit_months=transit_months,
        hub_id=hub_id,
    )
    return record_create(actor=actor, obj=tranche, action="tranche.create")


@transaction.atomic
def pledge_derive_delivered(*, actor: Actor, pledge: Pledge, received: int) -> Pledge:
    """Set a pledge's delivered quantity from the units its recipient accepted; never typed in.

    Called by the receipt service of logistics. A firm pledge whose receipts reach its quantity becomes
    delivered. Pledges imported from a dataset keep the source's figure (shipments refuse to carry them).
    """
    rules.check_may_confirm_delivery(actor)
    if pledge.dataset_id:
        raise ValidationError(
            _("Pledge #%(p)s was imported from %(ds)s; its delivered figure is the source's.")
            % {"p": pledge.pk, "ds": pledge.dataset}
        )
    changes: dict[str, Any] = {"delivered_quantity": received}
    if (
        pledge.quantity is not None
        and received >= pledge.quantity
        and pledge.status in (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)
    ):
        changes["status"] = PledgeStatus.DELIVERED
    return record_update(
        actor=actor,
        obj=pledge,
        changes=changes,
        expected_version=None,
        action="pledge.delivered_from_receipts",
    )
