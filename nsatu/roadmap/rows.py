"""One row layout of a milestone for the timeline's CSV and `nsatu export milestones` alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.core.refs import ref_id, ref_restricted, ref_shown, restricted_label
from nsatu.core.tables import yes_no
from nsatu.parties.models import Coalition
from nsatu.roadmap.models import Milestone

MILESTONE_COLUMNS = [
    "id",
    "title",
    "area",
    "owner",
    "due_date",
    "status",
    "overdue",
    "achieved_on",
    "coalition_id",
    "coalition",
    "evidence",
    "evidence_url",
    "source_url",
    "dataset",
    "illustrative",
]


def milestone_rows(milestones: Iterable[Milestone]) -> Iterator[list[object]]:
    """Rows of milestones read by `milestone_list` (with `overdue` and the coalition marked)."""
    for m in milestones:
        yield [
            m.pk,
            m.title,
            m.get_area_display(),
            m.owner.code if m.owner else "",
            m.due_date,
            m.get_status_display(),
            "yes" if getattr(m, "overdue", False) else "no",
            m.achieved_on,
            ref_id(m, "coalition"),
            coalition_name(m),
            m.evidence,
            m.evidence_url,
            m.source_url,
            m.dataset.key if m.dataset else "",
            "yes" if m.dataset and m.dataset.illustrative else "no",
        ]


def coalition_name(m: Milestone) -> str:
    coalition = ref_shown(m, "coalition")
    if coalition is not None:
        return str(getattr(coalition, "name", ""))
    return restricted_label(Coalition) if ref_restricted(m, "coalition") else ""


# The pages' downloads: the same milestones under the labels a person reads (the machine export above keeps
# its column keys).
MILESTONE_LABELS: list[Promise] = [
    _("Due date"),
    _("Milestone"),
    _("Area"),
    pgettext_lazy("milestone", "Owner"),
    _("Status"),
    _("Overdue"),
    _("Achieved on"),
    _("Coalition"),
    _("Evidence"),
    _("Evidence address"),
    _("Source"),
    _("Dataset"),
    _("Illustrative"),
]


def milestone_table_rows(milestones: Iterable[Milestone]) -> Iterator[list[object]]:
    for m in milestones:
        yield [
            m.due_date,
            m.title,
            m.get_area_display(),
            m.owner.name if m.owner else None,
            m.get_status_display(),
            yes_no(bool(getattr(m, "overdue", False))),
            m.achieved_on,
            coalition_name(m) or None,
            m.evidence or None,
            m.evidence_url or None,
            m.source_url or None,
            m.dataset.title if m.dataset else None,
            yes_no(bool(m.dataset and m.dataset.illustrative)),
        ]
