"""Readiness as this user sees it: visible deliveries, courses, cohorts and ammunition -> nsatu.engine.readiness.

Deliveries are the units still to arrive:
- tranches of firm pledges not yet delivered (committed, allocated): arrival = available from + transit months;
- accepted plan lines (a tranche an accepted line carries is counted once, at the line's arrival month);
- lines of shipments not yet received nor cancelled: arrival = handed over on, else the planned handover. What a
  visible shipment carries of a tranche is taken off that tranche (or its plan line), so no unit counts twice.
Ammunition counts where a visible firm pledge of an item type that provides the family is delivered (in stock) or
has a tranche arriving. Everything is read through the visibility selectors: nothing hidden shapes a figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.engine import readiness as eng
from nsatu.engine.interop.scenario import add_months
from nsatu.logistics.models import ShipmentLine, ShipmentStatus
from nsatu.logistics.selectors import shipment_visible
from nsatu.planning.models import LineState
from nsatu.planning.selectors import plan_line_visible
from nsatu.pledges.models import PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.selectors import pledge_visible
from nsatu.training.models import Course
from nsatu.training.selectors import cohort_visible, course_prerequisites, course_visible

OPEN_FIRM = (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)


@dataclass(frozen=True)
class ReadinessView:
    today: dt.date
    assessment: eng.Assessment
    courses: dict[int, Course]

    @property
    def rows(self) -> tuple[eng.Row, ...]:
        return self.assessment.rows

    def course_name(self, course_id: int | None) -> str:
        course = self.courses.get(course_id) if course_id is not None else None
        return course.name if course else ""

    @property
    def course_names(self) -> dict[int, str]:
        return {pk: c.name for pk, c in self.courses.items()}

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if "late" in r.flags)

    @property
    def gap_count(self) -> int:
        return sum(1 for r in self.rows if r.gap)

    @property
    def idle_named(self) -> list[tuple[str, eng.IdleCrews]]:
        """Graduates no delivery uses, with their course's name."""
        return [(self.course_name(i.course_id), i) for i in self.assessment.idle]


def _tranches(user: Reader) -> QuerySet[Tranche]:
    return Tranche.objects.filter(
        pledge__in=pledge_visible(user=user), pledge__kind=PledgeKind.IN_KIND, quantity__gt=0
    ).select_related("pledge", "pledge__donor", "pledge__item_type")


def _deliveries(user: Reader) -> list[tuple[str, int, int, dt.date, str, str]]:
    """(key, item type id, quantity, arrival, source, label) of every visible delivery still to come."""
    out = []
    shipped: dict[int, int] = defaultdict(int)
    moving = (
        ShipmentLine.objects.filter(shipment__in=shipment_visible(user=user))
        .exclude(shipment__status=ShipmentStatus.CANCELLED)
        .select_related("shipment")
    )
    for sl in moving:
        if sl.tranche_id:
            shipped[sl.tranche_id] += sl.quantity
        if sl.shipment.status == ShipmentStatus.RECEIVED:
            continue
        out.append(
            (
                f"shipment:{sl.pk}",
                sl.item_type_id,
                sl.quantity,
                sl.shipment.handed_over_on or sl.shipment.planned_handover,
                "shipment",
                sl.shipment.reference,
            )
        )
    lines = (
        plan_line_visible(user=user)
        .filter(state=LineState.ACCEPTED, item_type__isnull=False)
        .select_related("pledge__donor", "requirement")
    )
    carried = set()
    for line in lines:
        quantity = line.quantity
        if line.tranche_id:
            carried.add(line.tranche_id)
            quantity -= shipped.pop(line.tranche_id, 0)
        assert line.item_type_id is not None
        if quantity > 0:
            out.append(
                (
                    f"plan:{line.pk}",
                    line.item_type_id,
                    quantity,
                    line.arrival,
                    "plan",
                    f"{line.pledge.donor.code} → {line.requirement.reference}",
                )
            )
    for t in _tranches(user).filter(pledge__status__in=OPEN_FIRM, pledge__item_type__isnull=False):
        if t.pk in carried:
            continue
        assert t.pledge.item_type_id is not None and t.quantity is not None
        quantity = t.quantity - shipped.get(t.pk, 0)
        if quantity > 0:
            out.append(
                (
                    f"tranche:{t.pk}",
                    t.pledge.item_type_id,
                    quantity,
                    add_months(t.available_from, t.transit_months),
                    "tranche",
                    f"{t.pledge.donor.code} pledge {t.pledge_id}",
                )
            )
    return out


def _ammunition(user: Reader) -> list[eng.AmmunitionArrival]:
    out = []
    delivered = pledge_visible(user=user).filter(item_type__provides_family__isnull=False).filter(
        status=PledgeStatus.DELIVERED
    ) | pledge_visible(user=user).filter(
        item_type__provides_family__isnull=False, delivered_quantity__gt=0
    )
    for family in delivered.values_list("item_type__provides_family__name", flat=True).distinct():
        out.append(eng.AmmunitionArrival(family, eng.IN_STOCK))
    coming = _tranches(user).filter(
        pledge__status__in=OPEN_FIRM, pledge__item_type__provides_family__isnull=False
    )
    for available, transit, family in coming.values_list(
        "available_from", "transit_months", "pledge__item_type__provides_family__name"
    ):
        out.append(eng.AmmunitionArrival(family, add_months(available, transit)))
    return out


def readiness_get(*, user: Reader, today: dt.date | None = None) -> ReadinessView:
    today = today or timezone.localdate()
    courses = list(course_visible(user=user).select_related("item_type"))
    by_id = {c.pk: c for c in courses}
    prereqs = course_prerequisites(user=user, courses=courses)
    cohorts = list(cohort_visible(user=user).filter(course_id__in=list(by_id)))
    raw = _deliveries(user)
    item_ids = {r[1] for r in raw}
    # An item type hidden from the user is not named, nor are the deliveries of it counted.
    items = (
        item_type_visible(user=user)
        .filter(pk__in=item_ids)
        .prefetch_related("ammunition_families")
        .in_bulk()
    )
    families: dict[int, tuple[str, ...]] = defaultdict(tuple)
    for pk, item in items.items():
        families[pk] = tuple(sorted(f.name for f in item.ammunition_families.all()))
    deliveries = [
        eng.Delivery(
            key,
            item_id,
            items[item_id].name,
            qty,
            arrival,
            source,
            label,
            crew_per_unit=items[item_id].crew_per_unit,
            ammunition_families=families[item_id],
        )
        for key, item_id, qty, arrival, source, label in raw
        if item_id in items
    ]
    assessment = eng.assess(
        courses=[
            eng.Course(
                c.pk,
                c.name,
                c.skill,
                c.duration_weeks,
                c.seats_per_cohort,
                c.item_type_id,
                c.per_unit,
                tuple(p.pk for p in prereqs[c.pk]),
                c.concurrent_cohorts,
            )
            for c in courses
        ],
        cohorts=[
            eng.Cohort(h.course_id, h.start, h.end, h.seats, h.enrolled, h.graduated)
            for h in cohorts
        ],
        deliveries=deliveries,
        ammunition=_ammunition(user),
        today=today,
    )
    return ReadinessView(today, assessment, by_id)


READINESS_COLUMNS = [
    "delivery",
    "source",
    "item_type",
    "arrival",
    "crews_needed",
    "crews_ready_by_arrival",
    "gap",
    "ammunition_ready",
    "ready",
    "flags",
    "earliest_arrival",
    "proposed_cohorts",
]


# The flags of a readiness row as the page and its downloads name them (the CLI export keeps the codes).
FLAG_LABELS = {
    "late": gettext_lazy("late: crews cannot be trained in time"),
    "crew_gap": gettext_lazy("crew gap: closable"),
    "no_course": gettext_lazy("no course trains its crews"),
    "no_ammunition": gettext_lazy("no ammunition"),
}


# Where a delivery comes from (engine.readiness.Delivery.source), as a reader reads it.
SOURCE_LABELS = {
    "tranche": gettext_lazy("pledge tranche"),
    "plan": gettext_lazy("accepted plan line"),
    "shipment": gettext_lazy("shipment"),
}


def readiness_labels() -> list[str]:
    return [
        gettext("Delivery"),
        gettext("Source"),
        gettext("Item type"),
        gettext("Arrival"),
        gettext("Crews needed"),
        gettext("Ready by arrival"),
        gettext("Gap"),
        gettext("Ammunition by arrival"),
        gettext("Ready"),
        gettext("Status"),
        gettext("Earliest arrival with crews"),
        gettext("Proposed cohorts"),
    ]


def readiness_page_rows(view: ReadinessView) -> list[list[Any]]:
    """The rows of `readiness_rows` as a person reads them: yes/no, the flags' labels, dates in the user's
    format inside the proposals' text."""
    yes, no = gettext("Yes"), gettext("No")
    return [
        [
            row[0],
            str(SOURCE_LABELS.get(r.delivery.source, r.delivery.source)),
            *row[2:7],
            yes if row[7] else no,
            yes if row[8] else no,
            "; ".join(str(FLAG_LABELS.get(f, f)) for f in r.flags),
            row[10],
            "; ".join(
                f"{view.course_name(p.course_id)} {date_format(p.start, 'SHORT_DATE_FORMAT')}"
                f" → {date_format(p.end, 'SHORT_DATE_FORMAT')} ({p.seats})"
                for p in r.proposals
            ),
        ]
        for r, row in zip(view.rows, readiness_rows(view), strict=True)
    ]


def readiness_rows(view: ReadinessView) -> list[list[Any]]:
    """One row per delivery, as the page, the CSV and `nsatu export readiness` show it."""
    return [
        [
            r.delivery.label or r.delivery.key,
            r.delivery.source,
            r.delivery.item_name,
            r.delivery.arrival,
            r.crews_needed,
            r.crews_ready,
            r.gap,
            r.ammunition_ready,
            r.ready,
            ";".join(r.flags),
            r.earliest_arrival,
            "; ".join(
                f"{view.course_name(p.course_id)} {p.start}→{p.end} ({p.seats})"
                for p in r.proposals
            ),
        ]
        for r in view.rows
    ]
