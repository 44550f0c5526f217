"""data/reference/nato_ukraine_council_sourced.csv -> Council meetings and decisions;
data/reference/ukraine_nato_roadmap_milestones_sourced.csv -> milestones of the road to membership.

One row per fact with the page that states it. A meeting is one date and level (its place and address are
those of its first row); a row with a decision adds that decision, written in the project's own words. A
place, a due date or an achievement date no page gives stays empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.council.models import Decision, Meeting, MeetingLevel
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.roadmap.models import Milestone, MilestoneArea, MilestoneStatus

COUNCIL_COLUMNS = ("meeting_date", "place", "level", "decision", "source_url")
MILESTONE_COLUMNS = (
    "title",
    "area",
    "owner",
    "due_date",
    "status",
    "achieved_on",
    "evidence",
    "source_url",
)


@dataclass(frozen=True)
class _CouncilRow:
    row: CsvRow
    date: dt.date
    level: str
    url: str


def _council_rows(ctx: ImportContext, table: CsvTable) -> list[_CouncilRow]:
    parsed = []
    for row in ctx.track(table.rows, "council"):
        date = table.date(row, "meeting_date")
        level = table.choice(row, "level", MeetingLevel.values)
        url = table.url(row, "source_url", required=True)
        if date is not None and level is not None:
            parsed.append(_CouncilRow(row, date, level, url))
    table.raise_if_problems()
    return parsed


def import_council(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COUNCIL_COLUMNS)
    parsed = _council_rows(ctx, table)
    ctx.outcome.rows_read = len(table.rows)
    firsts: dict[tuple[dt.date, str], _CouncilRow] = {}
    for p in parsed:
        firsts.setdefault((p.date, p.level), p)
    meetings = ctx.sync(
        Meeting,
        existing=Meeting.objects.filter(dataset=ctx.dataset),
        new=[
            Meeting(
                date=p.date,
                level=p.level,
                place=p.row["place"],
                source_url=p.url,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=p.row.line,
            )
            for p in firsts.values()
        ],
        key=lambda m: (m.date, m.level),
        fields=("place", "source_url", "source_row", "releasability"),
        delete_missing=False,
    )
    by_key = {(m.date, m.level): m for m in meetings}
    ctx.sync(
        Decision,
        existing=Decision.objects.filter(dataset=ctx.dataset),
        new=[
            Decision(
                meeting=by_key[(p.date, p.level)],
                text=p.row["decision"],
                source_url=p.url,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=p.row.line,
            )
            for p in parsed
            if p.row["decision"]
        ],
        key=lambda d: (d.meeting_id, d.text),
        fields=("source_url", "source_row", "releasability"),
    )


def _milestone(ctx: ImportContext, table: CsvTable, row: CsvRow) -> Milestone | None:
    if not row["title"]:
        table.problem(row, "title", _("the title is empty"))
    area = table.choice(row, "area", MilestoneArea.values)
    status = table.choice(row, "status", MilestoneStatus.values)
    due = table.date(row, "due_date", required=False)
    achieved = table.date(row, "achieved_on", required=False)
    url = table.url(row, "source_url", required=True)
    if status == MilestoneStatus.ACHIEVED and not row["evidence"]:
        table.problem(row, "evidence", _("an achieved milestone needs its evidence"))
    if not row["owner"]:
        table.problem(row, "owner", _("the owner's party code is empty"))
    if area is None or status is None or not row["owner"] or not row["title"]:
        return None
    return Milestone(
        title=row["title"][:300],
        area=area,
        owner=ctx.parties.get(row["owner"].upper()),
        due_date=due,
        status=status,
        achieved_on=achieved,
        evidence=row["evidence"],
        evidence_url=url,
        source_url=url,
        releasability=Releasability.PUBLIC,
        dataset=ctx.dataset,
        source_row=row.line,
    )


def import_roadmap_milestones(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=MILESTONE_COLUMNS)
    records = [_milestone(ctx, table, row) for row in ctx.track(table.rows, "milestones")]
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    ctx.sync(
        Milestone,
        existing=Milestone.objects.filter(dataset=ctx.dataset),
        new=[m for m in records if m is not None],
        key=lambda m: m.title,
        fields=(
            "area",
            "owner_id",
            "due_date",
            "status",
            "achieved_on",
            "evidence",
            "evidence_url",
            "source_url",
            "source_row",
            "releasability",
        ),
    )
