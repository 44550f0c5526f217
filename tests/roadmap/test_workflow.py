from __future__ import annotations

import datetime as dt

from nsatu.roadmap.models import MilestoneStatus as S
from nsatu.roadmap.workflow import is_overdue, may_move

TODAY = dt.date(2026, 12, 7)


def test_the_ladder_moves_forward_or_cancels_while_open() -> None:
    assert may_move(S.PLANNED, S.IN_PROGRESS) and may_move(S.IN_PROGRESS, S.ACHIEVED)
    assert may_move(S.PLANNED, S.CANCELLED)
    assert not may_move(S.ACHIEVED, S.IN_PROGRESS)
    assert not may_move(S.CANCELLED, S.PLANNED)
    assert not may_move(S.IN_PROGRESS, S.PLANNED)


def test_overdue_is_past_due_and_still_open() -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    assert is_overdue(status=S.IN_PROGRESS, due_date=yesterday, today=TODAY)
    assert not is_overdue(status=S.ACHIEVED, due_date=yesterday, today=TODAY)
    assert not is_overdue(status=S.CANCELLED, due_date=yesterday, today=TODAY)
    assert not is_overdue(status=S.PLANNED, due_date=TODAY, today=TODAY)
    assert not is_overdue(status=S.PLANNED, due_date=None, today=TODAY)
