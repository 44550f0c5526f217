"""Readiness: will enough crews have graduated when each delivery arrives, and which cohorts would close the gap.

Inputs are plain dataclasses (courses, cohorts, deliveries, ammunition arrivals); the output is one row per
delivery of an item type that needs crews, the cohorts proposed to close its gap, and the graduates no delivery
uses (crews without equipment).

Rules the computation follows (each one is what a hand check in tests/engine/test_readiness.py assumes):

- A course trains personnel for one item type (pilot, crew, maintainer) or a skill other courses require
  (language). A delivery of `quantity` units needs `quantity x per_unit` graduates of each skill its item type's
  courses train; a course without its own `per_unit` uses the item type's crew per unit. Courses of the same
  skill and item type are alternatives: a graduate of any of them counts, and a gap is closed on the one whose
  cohorts would end first.
- An existing cohort yields its graduates on its end date: `graduated` once recorded, else `enrolled`, else its
  seats (a planned cohort is assumed full).
- Deliveries are served in order of arrival; a graduate serves one delivery only. Crews ready by arrival are
  the graduates with an end date on or before the arrival not already taken by an earlier delivery.
- A course runs at most `concurrent` cohorts at a time (its school's capacity, 1 unless stated): a proposed
  cohort starts when a place in the school frees up (existing cohorts hold theirs until they end), and never
  before `today`.
- A proposed cohort of a course with prerequisites needs, by its start, as many spare graduates of each
  prerequisite as it has seats; spare graduates are those of existing cohorts not yet taken by a proposed
  cohort (existing cohorts are taken to be filled by people who already qualify). Where there are not enough,
  cohorts of the prerequisite are proposed first, recursively.
- Proposals are made as early as possible; a delivery whose gap they close by its arrival is ready on arrival
  (the slack says how much later they could start), else the earliest arrival is the day the last one ends.
  Cohorts proposed for a delivery's crews hold the seats its gap needs; cohorts of a prerequisite are proposed
  full (their spare graduates feed the next cohorts of the dependent course).
- A delivery counts as ready only when its crews are there without proposals and, if it fires ammunition, one
  of its families has arrived (or is in stock) by its arrival.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

CREW_SKILLS = frozenset({"pilot", "crew", "maintainer"})
IN_STOCK = dt.date.min


class ReadinessError(ValueError):
    pass


@dataclass(frozen=True)
class Course:
    id: int
    name: str
    skill: str  # pilot | crew | maintainer | language
    duration_weeks: int
    seats: int  # per cohort
    item_type_id: int | None = None
    per_unit: int | None = (
        None  # graduates needed per unit of the item type; None: the item type's crew per unit
    )
    prerequisites: tuple[int, ...] = ()
    concurrent: int = 1  # cohorts the school can run at the same time


@dataclass(frozen=True)
class Cohort:
    course_id: int
    start: dt.date
    end: dt.date
    seats: int
    enrolled: int = 0
    graduated: int | None = None

    @property
    def output(self) -> int:
        if self.graduated is not None:
            return self.graduated
        return self.enrolled or self.seats


@dataclass(frozen=True)
class Delivery:
    key: str  # unique, e.g. "tranche:12"
    item_type_id: int
    item_name: str
    quantity: int
    arrival: dt.date
    source: str = ""  # tranche | plan | shipment
    label: str = ""
    crew_per_unit: int | None = None
    ammunition_families: tuple[str, ...] = ()


@dataclass(frozen=True)
class AmmunitionArrival:
    family: str
    arrival: dt.date  # IN_STOCK for what is already there


@dataclass(frozen=True)
class ProposedCohort:
    course_id: int
    start: dt.date
    end: dt.date
    seats: int
    for_delivery: str  # the delivery whose gap it closes (or feeds, for a prerequisite)


@dataclass(frozen=True)
class CourseNeed:
    skill: str
    course_ids: tuple[
        int, ...
    ]  # the courses that train this skill for the item type; () when none does
    needed: int
    ready: int  # by arrival, from existing cohorts

    @property
    def gap(self) -> int:
        return self.needed - self.ready


@dataclass(frozen=True)
class Row:
    delivery: Delivery
    needs: tuple[CourseNeed, ...]
    ammunition_ready: bool
    proposals: tuple[ProposedCohort, ...]
    ready_with_proposals: (
        dt.date | None
    )  # when the proposed cohorts have all ended; None without proposals

    @property
    def crews_needed(self) -> int:
        return sum(n.needed for n in self.needs)

    @property
    def crews_ready(self) -> int:
        return sum(n.ready for n in self.needs)

    @property
    def gap(self) -> int:
        return self.crews_needed - self.crews_ready

    @property
    def untrainable(self) -> bool:
        return any(not n.course_ids and n.needed > 0 for n in self.needs)

    @property
    def ready(self) -> bool:
        return self.gap == 0 and self.ammunition_ready

    @property
    def earliest_arrival(self) -> dt.date | None:
        """The first day this delivery could arrive with its crews; None when no course can train them."""
        if self.untrainable:
            return None
        if self.ready_with_proposals is None or self.ready_with_proposals <= self.delivery.arrival:
            return self.delivery.arrival
        return self.ready_with_proposals

    @property
    def slack_days(self) -> int | None:
        """How many days later the proposed cohorts could all start and still end by the arrival."""
        if self.ready_with_proposals is None or self.ready_with_proposals > self.delivery.arrival:
            return None
        return (self.delivery.arrival - self.ready_with_proposals).days

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.untrainable:
            out.append("no_course")
        if self.gap > 0 and not self.untrainable:
            out.append("crew_gap" if self.earliest_arrival == self.delivery.arrival else "late")
        if not self.ammunition_ready:
            out.append("no_ammunition")
        return tuple(out)


@dataclass(frozen=True)
class IdleCrews:
    """Graduates of a crew course that no delivery uses: crews without equipment."""

    course_id: int
    graduates: int
    since: dt.date


@dataclass(frozen=True)
class Assessment:
    rows: tuple[Row, ...]
    proposals: tuple[ProposedCohort, ...]
    idle: tuple[IdleCrews, ...]


@dataclass
class _Batch:
    when: dt.date
    count: int


@dataclass
class _Pool:
    """Graduates of one course not yet used, by the date they graduate."""

    batches: list[_Batch] = field(default_factory=list)  # kept sorted by date

    def add(self, when: dt.date, count: int) -> None:
        if count > 0:
            self.batches.append(_Batch(when, count))
            self.batches.sort(key=lambda b: b.when)

    def available(self, by: dt.date) -> int:
        return sum(b.count for b in self.batches if b.when <= by)

    def take(self, count: int, by: dt.date) -> int:
        """Use up to `count` graduates of `by` or earlier, earliest first; returns how many were taken."""
        taken = 0
        for batch in self.batches:
            if taken == count or batch.when > by:
                break
            use = min(batch.count, count - taken)
            batch.count -= use
            taken += use
        self.batches = [b for b in self.batches if b.count > 0]
        return taken

    def date_of(self, count: int) -> dt.date | None:
        """The day the pool first holds `count` graduates; None if it never does."""
        total = 0
        for b in self.batches:
            total += b.count
            if total >= count:
                return b.when
        return None


def weeks_later(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(weeks=weeks)


class _Planner:
    def __init__(
        self, courses: Mapping[int, Course], cohorts: Sequence[Cohort], today: dt.date
    ) -> None:
        self.courses = courses
        self.today = today
        self.pools: dict[int, _Pool] = defaultdict(_Pool)
        # The day each of a course's `concurrent` places is free again.
        self.lanes: dict[int, list[dt.date]] = {
            cid: [today] * max(1, c.concurrent) for cid, c in courses.items()
        }
        for c in sorted(cohorts, key=lambda c: (c.start, c.end)):
            if c.course_id not in courses:
                raise ReadinessError(
                    f"a cohort refers to course {c.course_id}, which is not among the courses"
                )
            self.pools[c.course_id].add(c.end, c.output)
            lanes = self.lanes[c.course_id]
            first = lanes.index(min(lanes))
            lanes[first] = max(lanes[first], c.end)
        self.proposals: list[ProposedCohort] = []

    def spare_by(
        self, course_id: int, count: int, delivery: str, stack: tuple[int, ...]
    ) -> dt.date:
        """The day `count` spare graduates of the course exist, proposing cohorts of it where too few will."""
        pool = self.pools[course_id]
        when = pool.date_of(count)
        if when is not None:
            return max(when, self.today)
        self.train(course_id, count - pool.available(dt.date.max), delivery, stack, fill=True)
        when = pool.date_of(count)
        assert when is not None  # train() added the missing graduates
        return max(when, self.today)

    def train(
        self,
        course_id: int,
        count: int,
        delivery: str,
        stack: tuple[int, ...] = (),
        *,
        fill: bool = False,
    ) -> dt.date:
        """Propose cohorts that add `count` graduates to the course's pool; returns the day the last one ends."""
        if course_id in stack:
            names = " -> ".join(self.courses[c].name for c in (*stack, course_id))
            raise ReadinessError(f"the prerequisites of the courses form a cycle: {names}")
        course = self.courses[course_id]
        if course.seats <= 0 or course.duration_weeks <= 0:
            raise ReadinessError(f"course {course.name!r} needs seats and a duration above zero")
        finish = self.today
        remaining = count
        while remaining > 0:
            seats = course.seats if fill else min(course.seats, remaining)
            lanes = self.lanes[course_id]
            lane = lanes.index(min(lanes))
            start = max(self.today, lanes[lane])
            for pre in course.prerequisites:
                ready = self.spare_by(pre, seats, delivery, (*stack, course_id))
                start = max(start, ready)
            for pre in course.prerequisites:
                self.pools[pre].take(seats, start)
            end = weeks_later(start, course.duration_weeks)
            self.proposals.append(ProposedCohort(course_id, start, end, seats, delivery))
            self.pools[course_id].add(end, seats)
            lanes[lane] = end
            remaining -= seats
            finish = end
        return finish


def _crew_courses(courses: Iterable[Course]) -> dict[int, dict[str, list[Course]]]:
    """Item type -> skill -> the courses that train it (alternatives: any of them yields a qualified person)."""
    by_item: dict[int, dict[str, list[Course]]] = defaultdict(lambda: defaultdict(list))
    for c in sorted(courses, key=lambda c: c.id):
        if c.item_type_id is not None and c.skill in CREW_SKILLS:
            by_item[c.item_type_id][c.skill].append(c)
    return by_item


def _take(planner: _Planner, group: Sequence[Course], count: int, by: dt.date) -> int:
    taken = 0
    for course in group:
        taken += planner.pools[course.id].take(count - taken, by)
    return taken


def _fastest(planner: _Planner, group: Sequence[Course], count: int, delivery: str) -> int:
    """The course of the group whose proposed cohorts would end first (the lowest id on a tie)."""
    best: tuple[dt.date, int] | None = None
    for course in group:
        trial = copy.deepcopy(planner)
        done = trial.train(course.id, count, delivery)
        if best is None or done < best[0]:
            best = (done, course.id)
    assert best is not None
    return best[1]


def _ammunition_ready(delivery: Delivery, ammunition: Sequence[AmmunitionArrival]) -> bool:
    if not delivery.ammunition_families:
        return True
    wanted = set(delivery.ammunition_families)
    return any(a.family in wanted and a.arrival <= delivery.arrival for a in ammunition)


def assess(
    *,
    courses: Sequence[Course],
    cohorts: Sequence[Cohort],
    deliveries: Sequence[Delivery],
    ammunition: Sequence[AmmunitionArrival] = (),
    today: dt.date,
) -> Assessment:
    by_id = _courses_by_id(courses)
    crew_courses = _crew_courses(courses)
    planner = _Planner(by_id, cohorts, today)
    rows: list[Row] = []
    for d in sorted(deliveries, key=lambda d: (d.arrival, d.key)):
        row = _row(planner, crew_courses, d, ammunition)
        if row is not None:
            rows.append(row)
    return Assessment(tuple(rows), tuple(planner.proposals), _idle(planner, crew_courses))


def _courses_by_id(courses: Sequence[Course]) -> dict[int, Course]:
    by_id = {c.id: c for c in courses}
    for c in courses:
        for pre in c.prerequisites:
            if pre not in by_id:
                raise ReadinessError(
                    f"course {c.name!r} requires course {pre}, which is not among the courses"
                )
    return by_id


def _row(
    planner: _Planner,
    crew_courses: Mapping[int, Mapping[str, list[Course]]],
    d: Delivery,
    ammunition: Sequence[AmmunitionArrival],
) -> Row | None:
    """The crews one delivery needs and the cohorts proposed for its gap; None if it needs no crews."""
    if d.quantity <= 0:
        raise ReadinessError(f"delivery {d.key} has quantity {d.quantity}; it must be above zero")
    trained_by = crew_courses.get(d.item_type_id, {})
    needs: list[CourseNeed] = []
    if not trained_by:
        if not d.crew_per_unit:
            return None  # the item type needs no crews
        needs.append(CourseNeed("crew", (), d.quantity * d.crew_per_unit, 0))
    first_proposal = len(planner.proposals)
    finish: dt.date | None = None
    for skill, group in sorted(trained_by.items()):
        need, done = _skill_need(planner, d, skill, group)
        needs.append(need)
        if done is not None:
            finish = done if finish is None else max(finish, done)
    return Row(
        d,
        tuple(needs),
        _ammunition_ready(d, ammunition),
        tuple(planner.proposals[first_proposal:]),
        finish,
    )


def _skill_need(
    planner: _Planner, d: Delivery, skill: str, group: list[Course]
) -> tuple[CourseNeed, dt.date | None]:
    """The need for one skill, its gap closed by proposals (and the day they end) where there is one."""
    # Courses of one skill may state different ratios; the most demanding one sets the need.
    per_unit = max(c.per_unit if c.per_unit is not None else (d.crew_per_unit or 0) for c in group)
    needed = d.quantity * per_unit
    ready = _take(planner, group, needed, d.arrival)
    need = CourseNeed(skill, tuple(c.id for c in group), needed, ready)
    if ready >= needed:
        return need, None
    chosen = _fastest(planner, group, needed - ready, d.key)
    done = planner.train(chosen, needed - ready, d.key)
    planner.pools[chosen].take(needed - ready, done)
    return need, done


def _idle(
    planner: _Planner, crew_courses: Mapping[int, Mapping[str, list[Course]]]
) -> tuple[IdleCrews, ...]:
    idle = []
    for groups in crew_courses.values():
        for course in (c for group in groups.values() for c in group):
            left = planner.pools[course.id]
            if left.batches:
                idle.append(IdleCrews(course.id, left.available(dt.date.max), left.batches[0].when))
    return tuple(sorted(idle, key=lambda i: i.course_id))


def cohorts_needed(count: int, seats: int) -> int:
    """How many cohorts of `seats` train `count` people."""
    return math.ceil(count / seats) if count > 0 else 0
