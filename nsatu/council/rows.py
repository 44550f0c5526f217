"""One row layout of a Council action for the action list's CSV and `nsatu export council-actions` alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nsatu.council.models import Action, Meeting

ACTION_COLUMNS = [
    "id",
    "meeting_date",
    "meeting_place",
    "meeting_level",
    "decision_id",
    "decision",
    "action",
    "owner",
    "due_date",
    "status",
    "overdue",
    "done_on",
    "source_url",
    "dataset",
    "illustrative",
]


def action_rows(actions: Iterable[Action]) -> Iterator[list[object]]:
    """Rows of actions read by `action_list`: its decision and meeting are visible with it."""
    for a in actions:
        meeting = a.decision.meeting
        yield [
            a.pk,
            meeting.date,
            meeting.place,
            meeting.get_level_display(),
            a.decision_id,
            a.decision.text,
            a.title,
            a.owner.code if a.owner else "",
            a.due_date,
            a.get_status_display(),
            "yes" if getattr(a, "overdue", False) else "no",
            a.done_on,
            a.source_url,
            a.dataset.key if a.dataset else "",
            "yes" if a.dataset and a.dataset.illustrative else "no",
        ]


MEETING_COLUMNS = ["id", "date", "place", "level", "title", "source_url", "dataset"]


def meeting_rows(meetings: Iterable[Meeting]) -> Iterator[list[object]]:
    for m in meetings:
        yield [
            m.pk,
            m.date,
            m.place,
            m.get_level_display(),
            m.title,
            m.source_url,
            m.dataset.key if m.dataset else "",
        ]
