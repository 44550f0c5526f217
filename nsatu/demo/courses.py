"""The demo's illustrative courses: F-16s arriving before enough pilots graduate. Not official data.

Two courses, loosely modelled on public reporting (English-language training for Ukrainian pilots in the United
Kingdom; F-16 conversion at the European F-16 Training Center in Romania) but with invented durations, seats and
cohorts: an English course for aviators (16 weeks, 8 seats) that the F-16 conversion course (26 weeks, 6 seats,
two cohorts at a time, one pilot per aircraft) requires. One conversion cohort graduated 4 pilots three months
ago; one English cohort of 6 ends in four weeks.

The deliveries are the F-16 tranches of firm pledges already in the database (the demo's open remainders,
nsatu.demo.offers, where there are any); where there are none the demo adds one illustrative pledge of 12 F-16
from the Netherlands, 6 arriving in three months and 6 in twelve. Either way the readiness page shows the first
tranche short of pilots, with the cohorts that close the gap and the earliest arrival the pipeline allows.

The demo's coordinator records it all through the services of training and pledges. Built once, like the
offers: building again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.engine.interop.scenario import add_months
from nsatu.exchange.services import dataset_derived_save
from nsatu.parties.models import Party
from nsatu.parties.services import party_create
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.pledges.services import pledge_create, tranche_add
from nsatu.sources.models import Dataset
from nsatu.training.models import Cohort, Course, Skill
from nsatu.training.readiness import OPEN_FIRM
from nsatu.training.services import cohort_create, course_create

# The stored key: exports and existing databases name the courses' dataset so.
DATASET = "training-scenario"
TITLE = "Illustrative training scenario: F-16 pilots with a language prerequisite (not official)"
F16_PREFIX = "F-16"


@dataclass(frozen=True)
class CoursesResult:
    created: bool
    courses: int
    cohorts: int
    pledge_added: bool
    note: str = ""


def _party(actor: Actor, code: str, name: str) -> Party:
    # The imports bring these nations; a database without them gets them as the coordinator registers one.
    return Party.objects.filter(code=code).first() or party_create(
        actor=actor, code=code, name=name
    )


def _existing() -> CoursesResult | None:
    courses = Course.objects.filter(dataset__key=DATASET)
    if not courses.exists():
        return None
    return CoursesResult(
        False,
        courses.count(),
        Cohort.objects.filter(dataset__key=DATASET).count(),
        Pledge.objects.filter(dataset__key=DATASET).exists(),
    )


def _courses_add(actor: Actor, *, f16: ItemType, dataset: Dataset) -> tuple[Course, Course]:
    gbr, rou = _party(actor, "GBR", "United Kingdom"), _party(actor, "ROU", "Romania")
    note = _("Illustrative training scenario, not official data.")
    english = course_create(
        actor=actor,
        host=gbr,
        name=_("English for aviators (illustrative)"),
        site=_("United Kingdom"),
        skill=Skill.LANGUAGE,
        duration_weeks=16,
        seats_per_cohort=8,
        notes=note,
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
    )
    conversion = course_create(
        actor=actor,
        host=rou,
        name=_("F-16 pilot conversion (illustrative)"),
        site=_("European F-16 Training Center, Fetești"),
        skill=Skill.PILOT,
        item_type=f16,
        duration_weeks=26,
        seats_per_cohort=6,
        concurrent_cohorts=2,
        per_unit=1,
        prerequisites=[english],
        notes=note,
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
    )
    return english, conversion


def _cohorts_add(
    actor: Actor, *, english: Course, conversion: Course, start: dt.date, dataset: Dataset
) -> int:
    note = _("Illustrative training scenario, not official data.")
    cohort_create(
        actor=actor,
        course=conversion,
        start=add_months(start, -9),
        end=add_months(start, -3),
        seats=6,
        enrolled=5,
        graduated=4,
        notes=note,
        dataset=dataset,
    )
    cohort_create(
        actor=actor,
        course=english,
        start=add_months(start, -3),
        end=start + dt.timedelta(weeks=4),
        seats=8,
        enrolled=6,
        notes=note,
        dataset=dataset,
    )
    return 2


def _f16_pledge_add(actor: Actor, *, f16: ItemType, start: dt.date, dataset: Dataset) -> None:
    nld = _party(actor, "NLD", "Netherlands")
    pledge = pledge_create(
        actor=actor,
        donor=nld,
        recipient=_party(actor, "UKR", "Ukraine"),
        kind=PledgeKind.IN_KIND,
        item_type=f16,
        quantity=12,
        status=PledgeStatus.COMMITTED,
        description=_("F-16 (illustrative training scenario)"),
        notes=_("Illustrative training scenario, not official data."),
        releasability=Releasability.PARTICIPANTS,
        dataset_id=dataset.pk,
    )
    for months in (3, 12):
        tranche_add(
            actor=actor, pledge=pledge, available_from=add_months(start, months), quantity=6
        )


def demo_courses_build(*, actor: Actor, today: dt.date | None = None) -> CoursesResult:
    """Build the courses once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the training scenario"))
    existing = _existing()
    if existing is not None:
        return existing
    f16 = ItemType.objects.filter(name__startswith=F16_PREFIX).order_by("name").first()
    if f16 is None:
        return CoursesResult(
            False, 0, 0, False, _("no F-16 item type in the catalogue; import equipment")
        )
    start = (today or timezone.localdate()).replace(day=1)
    pledge_added = not Tranche.objects.filter(
        pledge__item_type=f16, pledge__status__in=OPEN_FIRM
    ).exists()
    dataset = dataset_derived_save(
        actor=actor,
        key=DATASET,
        title=TITLE,
        publisher="nsatu project",
        citation=_("Invented for the demonstration; see the notes of each course."),
        licence=_("illustrative, no source"),
        rows_read=0,
        records_imported=2 + 2 + int(pledge_added),
    )
    english, conversion = _courses_add(actor, f16=f16, dataset=dataset)
    cohorts = _cohorts_add(
        actor, english=english, conversion=conversion, start=start, dataset=dataset
    )
    if pledge_added:
        _f16_pledge_add(actor, f16=f16, start=start, dataset=dataset)
    audit_event_record(
        actor=actor,
        action="demo.courses",
        obj=dataset,
        after={
            "courses": 2,
            "cohorts": cohorts,
            "pledge_added": pledge_added,
            "start": start.isoformat(),
        },
    )
    return CoursesResult(True, 2, cohorts, pledge_added)
