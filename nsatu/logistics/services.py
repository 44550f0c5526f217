"""Writes of the logistics app: shipments and their lifecycle, receipts with discrepancies, late notices (repair
orders: repair_services.py).

Every write checks the role (nsatu.logistics.rules) and the status step (nsatu.logistics.workflow), leaves an
audit event and is one transaction of its own.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.accounts.models import User
from nsatu.audit.services import record_create, record_update
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.references import reference_next
from nsatu.engine.logistics import Lateness
from nsatu.logistics import rules
from nsatu.logistics.inputs import (
    CountInput,
    LineInput,
    check_count,
    check_line,
)
from nsatu.logistics.models import (
    Discrepancy,
    Hub,
    Receipt,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    milestone_label,
)
from nsatu.logistics.selectors import shipment_lateness
from nsatu.logistics.workflow import (
    CANCELLABLE,
    RECEIVABLE,
    STEP_AFTER,
    STEP_DATE,
    is_next_step,
)
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit, notification_send
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_derive_delivered


def _check_donor_side(actor: Actor, donor: Party, *, action: str) -> None:
    require_role(actor, *rules.SHIPPERS, action=action)
    if not rules.may_ship_for(actor, donor.pk):
        raise PermissionDenied(
            _("A liaison of %(own)s may not write shipments of %(other)s.")
            % {"own": actor.party, "other": donor}
        )


def _shipped(pledge_ids: list[int]) -> dict[int, int]:
    rows = (
        ShipmentLine.objects.filter(pledge_id__in=pledge_ids)
        .exclude(shipment__status=ShipmentStatus.CANCELLED)
        .values("pledge_id")
        .annotate(n=Sum("quantity"))
    )
    return {r["pledge_id"]: r["n"] or 0 for r in rows}


def _at_version(
    *, actor: Actor, obj: Shipment, expected_version: int | None, action: str
) -> Shipment:
    """The record as stored now, locked; a stale version answers 409 with what changed before any workflow check
    can call the move impossible (the move looks impossible only because someone else made it first)."""
    return record_update(
        actor=actor, obj=obj, changes={}, expected_version=expected_version, action=action
    )


@transaction.atomic
def shipment_create(
    *,
    actor: Actor,
    donor: Party,
    recipient: Party,
    origin: str,
    hub: Hub,
    handover_point: str,
    planned_dispatch: dt.date,
    planned_at_hub: dt.date,
    planned_handover: dt.date,
    lines: list[LineInput],
    origin_lat: float | None = None,
    origin_lon: float | None = None,
    releasability: str = Releasability.PARTICIPANTS,
    reference: str = "",
    illustrative: bool = False,
    notes: str = "",
) -> Shipment:
    _check_donor_side(actor, donor, action=_("record shipments"))
    if donor.pk == recipient.pk:
        raise ValidationError({"recipient": [_("A donor cannot ship to itself.")]})
    if not planned_dispatch <= planned_at_hub <= planned_handover:
        raise ValidationError(
            {
                "planned_at_hub": [
                    _(
                        "Planned dates must follow the route: dispatch %(d)s ≤ at hub %(h)s ≤ handover %(o)s."
                    )
                    % {"d": planned_dispatch, "h": planned_at_hub, "o": planned_handover}
                ]
            }
        )
    if not lines:
        raise ValidationError({"lines": [_("A shipment needs at least one line.")]})
    if releasability not in (Releasability.PUBLIC, Releasability.PARTICIPANTS):
        raise ValidationError(
            {
                "releasability": [
                    _(
                        "A shipment is released to all participants or public: the recipient "
                        "must be able to read it to "
                        "confirm its receipt."
                    )
                ]
            }
        )
    shipped = _shipped([line.pledge.pk for line in lines if line.pledge is not None])
    for index, line in enumerate(lines, start=1):
        check_line(index, donor, line, shipped)
    shipment = record_create(
        actor=actor,
        action="shipment.create",
        obj=Shipment(
            reference=reference
            or reference_next(model=Shipment, prefix=f"SHP-{timezone.now().year}-"),
            donor=donor,
            recipient=recipient,
            origin=origin,
            origin_lat=origin_lat,
            origin_lon=origin_lon,
            hub=hub,
            handover_point=handover_point,
            planned_dispatch=planned_dispatch,
            planned_at_hub=planned_at_hub,
            planned_handover=planned_handover,
            owner=donor,
            releasability=releasability,
            illustrative=illustrative,
            notes=notes,
        ),
    )
    for line in lines:
        record_create(
            actor=actor,
            action="shipment_line.create",
            obj=ShipmentLine(
                shipment=shipment,
                item_type=line.item_type,
                quantity=line.quantity,
                pledge=line.pledge,
                tranche=line.tranche,
                unit_mass_t=line.item_type.unit_mass_t,
            ),
        )
    return shipment


@transaction.atomic
def shipment_advance(
    *,
    actor: Actor,
    shipment: Shipment,
    status: str,
    on: dt.date,
    expected_version: int | None,
    today: dt.date | None = None,
) -> Shipment:
    """Move a shipment one step: dispatched, at hub, handed over; each with the date it happened."""
    _check_donor_side(actor, shipment.donor, action=_("move shipments"))
    shipment = _at_version(
        actor=actor, obj=shipment, expected_version=expected_version, action=f"shipment.{status}"
    )
    today = today or timezone.localdate()
    if status not in STEP_DATE:
        raise ValidationError(
            {
                "status": [
                    _(
                        "A shipment is dispatched, reaches its hub or is handed over here; "
                        "receipt is recorded by the recipient."
                    )
                ]
            }
        )
    if not is_next_step(shipment.status, status):
        raise ValidationError(
            {
                "status": [
                    _(
                        "A shipment moves one step at a time (planned → dispatched → at hub → handed over → received); "
                        "%(frm)s → %(to)s is not allowed."
                    )
                    % {"frm": shipment.get_status_display(), "to": ShipmentStatus(status).label}
                ]
            }
        )
    if on > today:
        raise ValidationError(
            {"on": [_("%(d)s is in the future; record a movement once it happened.") % {"d": on}]}
        )
    previous, what = STEP_AFTER.get(status, ("", ""))
    before = getattr(shipment, previous) if previous else None
    if before is not None and on < before:
        raise ValidationError(
            {
                "on": [
                    _("%(d)s is before the shipment was %(what)s on %(b)s.")
                    % {"d": on, "what": what, "b": before}
                ]
            }
        )
    return record_update(
        actor=actor,
        obj=shipment,
        changes={"status": status, STEP_DATE[status]: on},
        expected_version=expected_version,
        action=f"shipment.{status}",
    )


@transaction.atomic
def shipment_cancel(*, actor: Actor, shipment: Shipment, expected_version: int | None) -> Shipment:
    _check_donor_side(actor, shipment.donor, action=_("cancel shipments"))
    shipment = _at_version(
        actor=actor, obj=shipment, expected_version=expected_version, action="shipment.cancel"
    )
    if shipment.status not in CANCELLABLE:
        raise ValidationError(
            {
                "status": [
                    _("Only a planned shipment can be cancelled; this one is %(s)s.")
                    % {"s": shipment.get_status_display()}
                ]
            }
        )
    return record_update(
        actor=actor,
        obj=shipment,
        changes={"status": ShipmentStatus.CANCELLED},
        expected_version=expected_version,
        action="shipment.cancel",
    )


def _counted(line: ShipmentLine) -> int:
    accepted = line.receipts.aggregate(n=Sum("quantity"))["n"] or 0
    reported = line.discrepancies.aggregate(n=Sum("quantity"))["n"] or 0
    return int(accepted + reported)


@transaction.atomic
def receipt_record(
    *,
    actor: Actor,
    shipment: Shipment,
    received_on: dt.date,
    counts: list[CountInput],
    expected_version: int | None,
    today: dt.date | None = None,
) -> Shipment:
    """The recipient counts what arrived: accepted units drive the pledges' delivered quantity; the rest are
    discrepancies (short, damaged, wrong item) the donor and the command see, other donors do not."""
    require_role(actor, *rules.RECEIVERS, action=_("confirm receipts"))
    if not rules.receives(actor, shipment):
        raise PermissionDenied(
            _("Only %(r)s confirms receipt of this shipment.") % {"r": shipment.recipient}
        )
    shipment = _at_version(
        actor=actor, obj=shipment, expected_version=expected_version, action="shipment.received"
    )
    today = today or timezone.localdate()
    if shipment.status not in RECEIVABLE:
        raise ValidationError(
            {
                "status": [
                    _("Receipt is recorded once the shipment is handed over; it is %(s)s.")
                    % {"s": shipment.get_status_display()}
                ]
            }
        )
    if received_on > today:
        raise ValidationError({"received_on": [_("%(d)s is in the future.") % {"d": received_on}]})
    if shipment.handed_over_on and received_on < shipment.handed_over_on:
        raise ValidationError(
            {
                "received_on": [
                    _("%(d)s is before the handover on %(h)s.")
                    % {"d": received_on, "h": shipment.handed_over_on}
                ]
            }
        )
    if not any(c.accepted or c.discrepancies for c in counts):
        raise ValidationError(
            {"lines": [_("Count at least one unit, accepted or with a discrepancy.")]}
        )
    # Lock the shipment first: two receipts at once must not together exceed what was shipped.
    shipment = record_update(
        actor=actor,
        obj=shipment,
        expected_version=expected_version,
        changes={
            "status": ShipmentStatus.RECEIVED,
            "received_on": shipment.received_on or received_on,
        },
        action="shipment.received",
    )
    for count in counts:
        line = count.line
        check_count(count, shipment, counted_before=_counted(line))
        if count.accepted:
            record_create(
                actor=actor,
                action="receipt.create",
                obj=Receipt(
                    line=line,
                    received_on=received_on,
                    quantity=count.accepted,
                    recorded_by_id=actor.pk,
                ),
            )
        for d in count.discrepancies:
            record_create(
                actor=actor,
                action="discrepancy.create",
                obj=Discrepancy(
                    line=line,
                    kind=d.kind,
                    quantity=d.quantity,
                    description=d.description,
                    recorded_by_id=actor.pk,
                ),
            )
    if any(count.discrepancies for count in counts):
        notice_emit(
            actor=actor,
            kind=NoticeKind.DISCREPANCY_RECORDED,
            subject=shipment,
            party_id=shipment.donor_id,
            link=reverse("logistics:detail", args=[shipment.pk]),
            occasion=str(shipment.version),
        )
    for pledge in Pledge.objects.filter(shipment_lines__shipment=shipment).distinct():
        received = (
            (Receipt.objects.filter(line__pledge=pledge).aggregate(n=Sum("quantity"))["n"]) or 0
        )
        pledge_derive_delivered(actor=actor, pledge=pledge, received=int(received))
    return shipment


def _late_notice(shipment: Shipment, found: Lateness) -> tuple[str, str]:
    milestone = milestone_label(found.milestone)
    planned = date_format(found.planned, "SHORT_DATE_FORMAT")
    subject = _("Shipment %(ref)s is late: %(m)s planned %(p)s") % {
        "ref": shipment.reference,
        "m": milestone,
        "p": planned,
    }
    body = _(
        "Shipment %(ref)s via %(hub)s to %(to)s was planned for %(m)s on %(p)s and is %(n)s days "
        "overdue. Update its status or its plan."
    ) % {
        "ref": shipment.reference,
        "hub": shipment.hub,
        "to": shipment.handover_point,
        "m": milestone,
        "p": planned,
        "n": found.days,
    }
    return subject, body


@transaction.atomic
def shipments_notify_late(*, actor: Actor, today: dt.date | None = None) -> list[Shipment]:
    """Tell the donor's liaisons, in the application and by e-mail, of each shipment overdue at a milestone.

    One notice per shipment and milestone: running the check again sends nothing new.
    """
    require_role(actor, *rules.LATE_CHECKERS, action=_("check shipments for delays"))
    today = today or timezone.localdate()
    late = []
    open_shipments = Shipment.objects.exclude(
        status__in=[ShipmentStatus.RECEIVED, ShipmentStatus.CANCELLED]
    )
    for shipment in open_shipments.select_related("donor", "hub"):
        found = shipment_lateness(shipment=shipment, today=today)
        if found is None:
            continue
        late.append(shipment)
        liaisons = User.objects.filter(
            role=Role.DONOR_LIAISON, party_id=shipment.donor_id, is_active=True
        )
        for liaison in liaisons:
            # Each liaison reads the notice in the language they chose, not the checker's.
            with translation.override(liaison.language or None):
                subject, body = _late_notice(shipment, found)
            notification_send(
                actor=actor,
                recipient=liaison,
                subject=subject,
                body=body,
                link=f"/logistics/shipments/{shipment.pk}/",
                key=f"shipment-late:{shipment.pk}:{found.milestone}",
            )
    return late
