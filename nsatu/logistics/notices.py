"""Late shipments as time-based notices for `nsatu notices --due`, late as `shipment_lateness` says."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from nsatu.logistics.models import Shipment, ShipmentStatus
from nsatu.logistics.selectors import shipment_lateness
from nsatu.notifications.due import due_check_register
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit

CLOSED = (ShipmentStatus.RECEIVED, ShipmentStatus.CANCELLED)


def shipments_late_notify(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    sent = 0
    for shipment in Shipment.objects.exclude(status__in=CLOSED).select_related("donor", "hub"):
        found = shipment_lateness(shipment=shipment, today=today)
        if found is None:
            continue
        sent += len(
            notice_emit(
                actor=None,
                kind=NoticeKind.SHIPMENT_LATE,
                subject=shipment,
                party_id=shipment.donor_id,
                link=reverse("logistics:detail", args=[shipment.pk]),
                occasion=found.milestone,
            )
        )
    return sent


due_check_register("shipments", shipments_late_notify)
