"""An action's status ladder and what counts as overdue; who moves it is in rules.py."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from nsatu.council.models import ActionStatus as S

STEPS: dict[str, tuple[str, ...]] = {
    S.OPEN: (S.IN_PROGRESS, S.DONE, S.CANCELLED),
    S.IN_PROGRESS: (S.DONE, S.CANCELLED),
    S.DONE: (),
    S.CANCELLED: (),
}
OPEN = (S.OPEN, S.IN_PROGRESS)


def may_move(current: str, to: str) -> bool:
    return to == current or to in STEPS.get(current, ())


def is_overdue(*, status: str, due_date: dt.date | None, today: dt.date) -> bool:
    """Past its due date and not done (a cancelled action is closed, not late)."""
    return due_date is not None and due_date < today and status in OPEN


def overdue_q(today: dt.date) -> Q:
    return Q(due_date__lt=today, status__in=OPEN)
