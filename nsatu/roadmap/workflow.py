"""The milestone's status ladder and what counts as overdue; who moves it is in rules.py."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from nsatu.roadmap.models import MilestoneStatus as S

# Forward one rung at a time, or cancelled while still open; an achieved or cancelled milestone is closed.
STEPS: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.IN_PROGRESS, S.ACHIEVED, S.CANCELLED),
    S.IN_PROGRESS: (S.ACHIEVED, S.CANCELLED),
    S.ACHIEVED: (),
    S.CANCELLED: (),
}
OPEN = (S.PLANNED, S.IN_PROGRESS)


def may_move(current: str, to: str) -> bool:
    return to == current or to in STEPS.get(current, ())


def is_overdue(*, status: str, due_date: dt.date | None, today: dt.date) -> bool:
    return due_date is not None and due_date < today and status in OPEN


def overdue_q(today: dt.date, *, prefix: str = "") -> Q:
    """The database form of `is_overdue`, so that a list filters and counts what a row flags."""
    return Q(**{f"{prefix}due_date__lt": today, f"{prefix}status__in": OPEN})
