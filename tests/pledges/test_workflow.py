from __future__ import annotations

from nsatu.pledges.workflow import ladder_steps


def test_ladder_marks_steps_done_current_and_todo():
    assert [state for _s, _l, state in ladder_steps("allocated")] == [
        "done",
        "done",
        "current",
        "todo",
    ]
    assert [state for _s, _l, state in ladder_steps("withdrawn")] == ["todo"] * 4
