from __future__ import annotations

import datetime as dt

from nsatu.council.models import ActionStatus as S
from nsatu.council.workflow import is_overdue, may_move

TODAY = dt.date(2026, 12, 7)


def test_an_action_is_overdue_past_its_date_until_done_or_cancelled() -> None:
    past = TODAY - dt.timedelta(days=1)
    assert is_overdue(status=S.OPEN, due_date=past, today=TODAY)
    assert is_overdue(status=S.IN_PROGRESS, due_date=past, today=TODAY)
    assert not is_overdue(status=S.DONE, due_date=past, today=TODAY)
    assert not is_overdue(status=S.CANCELLED, due_date=past, today=TODAY)
    assert not is_overdue(status=S.OPEN, due_date=TODAY, today=TODAY)


def test_the_ladder() -> None:
    assert may_move(S.OPEN, S.DONE) and may_move(S.IN_PROGRESS, S.CANCELLED)
    assert not may_move(S.DONE, S.OPEN) and not may_move(S.IN_PROGRESS, S.OPEN)
