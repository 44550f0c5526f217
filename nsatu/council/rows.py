"""Rows of Council actions and meetings: the machine layout of `nsatu export council-actions`, and the labelled
layout of the pages' CSV and XLSX downloads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nsatu.core.tables import yes_no
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


# The pages' downloads: the same records under the labels a person reads (the machine export above keeps its
# column keys).
ACTION_LABELS: list[Promise] = [
    _("Due date"),
    _("Action"),
    _("Tasked party"),
    _("Status"),
    _("Overdue"),
    _("Done on"),
    _("Meeting date"),
    _("Meeting place"),
    _("Meeting level"),
    _("Decision"),
    _("Source"),
    _("Dataset"),
    _("Illustrative"),
]


def action_table_rows(actions: Iterable[Action]) -> Iterator[list[object]]:
    for a in actions:
        meeting = a.decision.meeting
        yield [
            a.due_date,
            a.title,
            a.owner.name if a.owner else None,
            a.get_status_display(),
            yes_no(bool(getattr(a, "overdue", False))),
            a.done_on,
            meeting.date,
            meeting.place or None,
            meeting.get_level_display(),
            a.decision.text,
            a.source_url or None,
            a.dataset.title if a.dataset else None,
            yes_no(bool(a.dataset and a.dataset.illustrative)),
        ]


MEETING_LABELS: list[Promise] = [
    _("Date"),
    _("Place"),
    _("Level"),
    _("Title"),
    _("Source"),
    _("Dataset"),
]


def meeting_table_rows(meetings: Iterable[Meeting]) -> Iterator[list[object]]:
    for m in meetings:
        yield [
            m.date,
            m.place or None,
            m.get_level_display(),
            m.title or None,
            m.source_url or None,
            m.dataset.title if m.dataset else None,
        ]
