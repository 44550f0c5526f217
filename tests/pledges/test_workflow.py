from __future__ import annotations

from nsatu.pledges.workflow import ladder_steps, next_statuses, next_step


def test_ladder_marks_steps_done_current_and_todo():
    assert [state for _s, _l, state in ladder_steps("allocated")] == [
        "done",
        "done",
        "current",
        "todo",
    ]
    assert [state for _s, _l, state in ladder_steps("withdrawn")] == ["todo"] * 4


def test_next_step_and_the_moves_along_the_ladder():
    assert next_step("announced") == "committed"
    assert next_step("delivered") is None
    assert next_step("withdrawn") is None
    assert next_statuses("announced") == ["committed", "withdrawn"]
    assert next_statuses("allocated") == ["delivered", "withdrawn"]
    assert next_statuses("delivered") == []
    assert next_statuses("withdrawn") == []
