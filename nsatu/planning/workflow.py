"""The two ladders of planning: a run goes queued → running → done or failed (or is cancelled, and a failed or
cancelled run may be retried: queued again); a proposal is decided once."""

from __future__ import annotations

from nsatu.planning.models import LineState, RunStatus

RUN_NEXT: dict[str, tuple[str, ...]] = {
    RunStatus.QUEUED: (RunStatus.RUNNING, RunStatus.CANCELLED, RunStatus.FAILED),
    RunStatus.RUNNING: (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED),
    RunStatus.DONE: (),
    RunStatus.FAILED: (RunStatus.QUEUED,),
    RunStatus.CANCELLED: (RunStatus.QUEUED,),
}
LINE_NEXT: dict[str, tuple[str, ...]] = {
    LineState.PROPOSED: (LineState.ACCEPTED, LineState.DECLINED),
    LineState.ACCEPTED: (),
    LineState.DECLINED: (),
}
# The decision a donor posts, and the state it moves a proposal to.
DECISIONS: dict[str, str] = {"accept": LineState.ACCEPTED, "decline": LineState.DECLINED}


def run_may_start(status: str) -> bool:
    """Only a queued run is taken; another worker or a task delivered twice finds it already running."""
    return RunStatus.RUNNING in RUN_NEXT[status]


def run_may_cancel(status: str) -> bool:
    return RunStatus.CANCELLED in RUN_NEXT[status]


def run_may_retry(status: str) -> bool:
    """A failed or cancelled run is queued again as it was; a done run is kept (start a new one instead)."""
    return RunStatus.QUEUED in RUN_NEXT[status]


def run_has_plan(status: str) -> bool:
    return status == RunStatus.DONE


def line_is_open(state: str) -> bool:
    return bool(LINE_NEXT[state])
