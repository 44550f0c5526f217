from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.references import reference_next
from nsatu.core.visibility import releasability_check
from nsatu.needs import rules
from nsatu.needs.models import PeriodChoice, Requirement, RequirementStatus, UnitKindChoice
from nsatu.needs.units import unit_problems
from nsatu.needs.workflow import EDITABLE_STATUSES, TRANSITIONS, outside_own_party
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit


def _check_what_is_needed(
    *, item_type: ItemType | None, ammunition_family: AmmunitionFamily | None, description: str
) -> None:
    if item_type is None and ammunition_family is None and not description.strip():
        raise ValidationError(
            {
                "item_type": [
                    _(
                        "Say what is needed: an item type, an ammunition family or a described capability."
                    )
                ]
            }
        )


def _check_units(*, unit_kind: str, period: str, unit: str, needed_by: dt.date | None) -> None:
    problems = unit_problems(
        unit_kind=unit_kind,
        period=period,
        unit=unit,
        needed_by=needed_by,
        today=timezone.localdate(),
    )
    if problems:
        raise ValidationError(problems)


def _new_reference() -> str:
    # Numbered under a counter row locked in the creating transaction: concurrent creations never collide.
    return reference_next(model=Requirement, prefix=f"UA-{timezone.now():%Y}-")


@transaction.atomic
def requirement_create(
    *,
    actor: Actor,
    title: str,
    capability_area: str,
    quantity: Decimal,
    unit: str = "units",
    unit_kind: str = UnitKindChoice.ITEMS,
    period: str = PeriodChoice.TOTAL,
    priority: int = 3,
    needed_by: dt.date | None = None,
    item_type: ItemType | None = None,
    ammunition_family: AmmunitionFamily | None = None,
    description: str = "",
    releasability: str = Releasability.PARTICIPANTS,
    illustrative: bool = False,
) -> Requirement:
    require_role(actor, *rules.WRITERS, action=_("write requirements"))
    releasability_check(
        actor=actor, owner=actor.party, owner_id=actor.party_id, releasability=releasability
    )
    _check_what_is_needed(
        item_type=item_type, ammunition_family=ammunition_family, description=description
    )
    _check_units(unit_kind=unit_kind, period=period, unit=unit, needed_by=needed_by)
    requirement = Requirement(
        reference=_new_reference(),
        title=title,
        capability_area=capability_area,
        quantity=quantity,
        unit=unit,
        unit_kind=unit_kind,
        period=period,
        priority=priority,
        needed_by=needed_by,
        item_type=item_type,
        ammunition_family=ammunition_family,
        description=description,
        owner_id=actor.party_id,
        releasability=releasability,
        status=RequirementStatus.DRAFT,
        illustrative=illustrative,
    )
    return record_create(actor=actor, obj=requirement, action="requirement.create")


@transaction.atomic
def requirement_update(
    *, actor: Actor, requirement: Requirement, expected_version: int | None, changes: dict[str, Any]
) -> Requirement:
    require_role(actor, *rules.WRITERS, action=_("edit requirements"))
    if not rules.owns(actor, requirement):
        raise PermissionDenied(
            _("Only the owning party may edit requirement %(ref)s.")
            % {"ref": requirement.reference}
        )
    if requirement.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "Requirement %(ref)s is %(status)s; only drafts can be edited. Return it to draft first."
            )
            % {"ref": requirement.reference, "status": requirement.get_status_display()}
        )
    unknown = set(changes) - set(rules.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    _check_what_is_needed(
        item_type=changes.get("item_type", requirement.item_type),
        ammunition_family=changes.get("ammunition_family", requirement.ammunition_family),
        description=changes.get("description", requirement.description),
    )
    if {"unit_kind", "period", "unit", "needed_by"} & changes.keys():
        _check_units(
            unit_kind=changes.get("unit_kind", requirement.unit_kind),
            period=changes.get("period", requirement.period),
            unit=changes.get("unit", requirement.unit),
            needed_by=changes.get("needed_by", requirement.needed_by),
        )
    return record_update(
        actor=actor,
        obj=requirement,
        changes=changes,
        expected_version=expected_version,
        action="requirement.update",
    )


@transaction.atomic
def requirement_transition(
    *, actor: Actor, requirement: Requirement, to_status: str, expected_version: int | None = None
) -> Requirement:
    if not actor.is_authenticated:
        raise PermissionDenied(_("You must be logged in to change a requirement's status."))
    # The version first: a move someone else just made answers 409 (reload), not 422 (not allowed).
    current = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Requirement %(ref)s was changed by someone else (now %(status)s, version %(v)s). Reload and retry."
            )
            % {
                "ref": current.reference,
                "status": current.get_status_display(),
                "v": current.version,
            }
        )
    roles = TRANSITIONS.get((requirement.status, to_status))
    if roles is None:
        raise ValidationError(
            _("A requirement cannot go from %(frm)s to %(to)s.")
            % {"frm": requirement.status, "to": to_status}
        )
    if actor.role not in roles:
        raise PermissionDenied(
            _("Your role (%(role)s) may not move a requirement from %(frm)s to %(to)s.")
            % {"role": actor.role_label, "frm": requirement.status, "to": to_status}
        )
    if outside_own_party(
        role=actor.role, actor_party_id=actor.party_id, owner_id=requirement.owner_id
    ):
        raise PermissionDenied(
            _("Only the owning party may change requirement %(ref)s.")
            % {"ref": requirement.reference}
        )
    if current.status != requirement.status:
        raise ConflictError(
            _("Requirement %(ref)s is now %(status)s. Reload and retry.")
            % {"ref": current.reference, "status": current.get_status_display()}
        )
    before = snapshot(current)
    current.status = to_status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    audit_event_record(
        actor=actor,
        action=f"requirement.{to_status}",
        obj=current,
        before=before,
        after=snapshot(current),
    )
    notice_emit(
        actor=actor,
        kind=NoticeKind.of_requirement_status(to_status),
        subject=current,
        link=reverse("needs:detail", args=[current.pk]),
        occasion=str(current.version),
    )
    return current
