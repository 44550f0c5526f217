"""Writes on courses and cohorts: the command or the host nation's liaison, each write audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create, record_update
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.parties.models import Party
from nsatu.sources.models import Dataset
from nsatu.training import rules
from nsatu.training.models import Cohort, Course, Skill


def _check_host(actor: Actor, host: Party, action: str) -> None:
    require_role(actor, *rules.WRITERS, action=action)
    if not rules.may_write_for_host(actor, host.pk):
        raise PermissionDenied(
            _("A liaison may %(action)s only for courses its own nation hosts.")
            % {"action": action}
        )


def _check_item_type(skill: str, item_type: object) -> None:
    if skill in (Skill.PILOT, Skill.CREW, Skill.MAINTAINER) and item_type is None:
        raise ValidationError(
            {
                "item_type": [
                    _("A %(skill)s course trains for an item type; name it.")
                    % {"skill": Skill(skill).label}
                ]
            }
        )


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    host: Party,
    name: str,
    skill: str,
    duration_weeks: int,
    seats_per_cohort: int,
    site: str = "",
    item_type: ItemType | None = None,
    per_unit: int | None = None,
    concurrent_cohorts: int = 1,
    prerequisites: Sequence[Course] = (),
    notes: str = "",
    releasability: str = Releasability.PARTICIPANTS,
    dataset: Dataset | None = None,
) -> Course:
    _check_host(actor, host, _("create courses"))
    releasability_check(actor=actor, owner=host, owner_id=host.pk, releasability=releasability)
    _check_item_type(str(skill), item_type)
    course = Course(
        host=host,
        name=name,
        skill=skill,
        duration_weeks=duration_weeks,
        seats_per_cohort=seats_per_cohort,
        site=site,
        item_type=item_type,
        per_unit=per_unit,
        concurrent_cohorts=concurrent_cohorts,
        notes=notes,
        owner=host,
        releasability=releasability,
        dataset=dataset,
    )
    course = record_create(actor=actor, obj=course, action="course.create")
    # A new course cannot be the prerequisite of an existing one, so these links can never close a cycle.
    course.prerequisites.set(prerequisites)
    return course


def _check_numbers(
    *, start: dt.date, end: dt.date, seats: int, enrolled: int, graduated: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end"] = [
            _("The cohort ends (%(end)s) on or before it starts (%(start)s).")
            % {"end": end, "start": start}
        ]
    if enrolled > seats:
        errors["enrolled"] = [
            _("%(n)s enrolled is more than the %(s)s seats.") % {"n": enrolled, "s": seats}
        ]
    if graduated is not None and graduated > enrolled:
        errors["graduated"] = [
            _("%(g)s graduated is more than the %(n)s enrolled.") % {"g": graduated, "n": enrolled}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(
    *,
    actor: Actor,
    course: Course,
    start: dt.date,
    end: dt.date | None = None,
    seats: int | None = None,
    enrolled: int = 0,
    graduated: int | None = None,
    notes: str = "",
    dataset: Dataset | None = None,
) -> Cohort:
    """A cohort of a course; without an end or seats it runs the course's duration with the course's seats."""
    _check_host(actor, course.host, _("schedule cohorts"))
    end = end or start + dt.timedelta(weeks=course.duration_weeks)
    seats = course.seats_per_cohort if seats is None else seats
    _check_numbers(start=start, end=end, seats=seats, enrolled=enrolled, graduated=graduated)
    cohort = Cohort(
        course=course,
        start=start,
        end=end,
        seats=seats,
        enrolled=enrolled,
        graduated=graduated,
        notes=notes,
        owner=course.host,
        releasability=course.releasability,
        dataset=dataset,
    )
    return record_create(actor=actor, obj=cohort, action="cohort.create")


@transaction.atomic
def cohort_update(
    *,
    actor: Actor,
    cohort: Cohort,
    expected_version: int | None,
    enrolled: int | None = None,
    graduated: int | None = None,
) -> Cohort:
    """Record enrolment and result; a change based on a stale version is refused with what changed."""
    _check_host(actor, cohort.course.host, _("record cohort results"))
    changes: dict[str, int] = {}
    if enrolled is not None:
        changes["enrolled"] = enrolled
    if graduated is not None:
        changes["graduated"] = graduated
    _check_numbers(
        start=cohort.start,
        end=cohort.end,
        seats=cohort.seats,
        enrolled=changes.get("enrolled", cohort.enrolled),
        graduated=changes.get("graduated", cohort.graduated),
    )
    return record_update(
        actor=actor,
        obj=cohort,
        changes=changes,
        expected_version=expected_version,
        action="cohort.update",
    )


@transaction.atomic
def course_update(
    *, actor: Actor, course: Course, expected_version: int | None, changes: dict[str, object]
) -> Course:
    """Change a course's description; a change based on a stale version is refused with what changed."""
    _check_host(actor, course.host, _("edit courses"))
    unknown = sorted(set(changes) - set(rules.COURSE_EDITABLE))
    if unknown:
        raise ValidationError(
            _("These fields of a course cannot be changed here: %(f)s.") % {"f": ", ".join(unknown)}
        )
    _check_item_type(
        str(changes.get("skill", course.skill)), changes.get("item_type", course.item_type)
    )
    return record_update(
        actor=actor,
        obj=course,
        changes=changes,
        expected_version=expected_version,
        action="course.update",
    )


@transaction.atomic
def cohort_graduate(
    *, actor: Actor, cohort: Cohort, expected_version: int | None, graduated: int
) -> Cohort:
    """Record how many of a cohort graduated: once it has ended, at most those enrolled."""
    _check_host(actor, cohort.course.host, _("record cohort results"))
    today = timezone.localdate()
    if cohort.end > today:
        raise ValidationError(
            {
                "graduated": [
                    _("The cohort ends on %(end)s: its graduates are recorded once it has ended.")
                    % {"end": date_format(cohort.end, "SHORT_DATE_FORMAT")}
                ]
            }
        )
    return cohort_update(
        actor=actor, cohort=cohort, expected_version=expected_version, graduated=graduated
    )
