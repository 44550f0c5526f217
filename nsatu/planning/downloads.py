"""The planning pages' tables as a person downloads them (CSV and XLSX through core.web.download_response):
headers in words, figures as numbers, dates as dates, related records named through core/refs.py.

The machine export of plan lines (`nsatu export`, planning/exports.py) keeps its own column keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nsatu.accounts.models import User
from nsatu.core.refs import ref_label, ref_shown
from nsatu.planning.comparison import RunComparison
from nsatu.planning.models import AllocationRun, Claim, PlanLine
from nsatu.planning.production import RunProduction
from nsatu.planning.report import PlanningReport
from nsatu.planning.wording import line_reason_text

type Row = list[Any]

RUN_HEADER: list[Promise] = [
    _("Run"),
    _("Started (UTC)"),
    _("Started by"),
    _("Status"),
    _("Solver status"),
    _("Objective"),
    _("Plan: weighted coverage"),
    _("Status quo: weighted coverage"),
]


def _person(user: User | None) -> str:
    return "" if user is None else str(user.get_full_name() or user.username)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the tables state it, in UTC to the minute (the header says UTC): the CSV reads
    "2026-03-01 14:05:00", the XLSX holds a date-time cell."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None, second=0, microsecond=0)


def _share(value: float | None) -> Decimal | None:
    return None if value is None else round(Decimal(str(value)), 4)


def run_rows(runs: Iterable[AllocationRun], figures_shown: Collection[int]) -> Iterator[Row]:
    """A run's headline figures only where its reader may see every input (run_inputs_seen), as on the page."""
    for run in runs:
        shown = run.pk in figures_shown
        yield [
            run.pk,
            _utc(run.created_at),
            _person(run.created_by) or gettext("system"),
            run.get_status_display(),
            run.solver_status or None,
            _share(run.objective) if shown else None,
            _share(run.plan_weighted_coverage) if shown else None,
            _share(run.baseline_weighted_coverage) if shown else None,
        ]


LINE_HEADER: list[Promise] = [
    _("Run"),
    _("Proposal"),
    _("Donor"),
    _("Requirement"),
    _("Priority"),
    _("Item type"),
    _("Quantity"),
    _("Arrival month"),
    _("Hub"),
    _("Pledge"),
    _("Tranche available from"),
    _("Value in the objective"),
    _("Why"),
    _("State"),
    _("Reason for declining"),
]


def line_rows(lines: Iterable[PlanLine]) -> Iterator[Row]:
    for line in lines:
        requirement = ref_shown(line, "requirement")
        tranche = ref_shown(line, "tranche")
        yield [
            line.run_id,
            line.pk,
            line.owner.name if line.owner else None,
            ref_label(line, "requirement", title=True),
            getattr(requirement, "priority", None),
            ref_label(line, "item_type") or None,
            line.quantity,
            line.arrival,
            ref_label(line, "hub") or None,
            ref_label(line, "pledge"),
            getattr(tranche, "available_from", None),
            _share(line.value),
            line_reason_text(line.reason) if line.reason else None,
            line.get_state_display(),
            line.decline_reason or None,
        ]


CLAIM_HEADER: list[Promise] = [
    _("Requirement"),
    _("Donor"),
    _("Claimed (UTC)"),
    _("Claimed by"),
    _("Expires (UTC)"),
    _("State"),
    _("Ended (UTC)"),
    _("Note"),
]


def claim_rows(claims: Iterable[Claim], now: dt.datetime) -> Iterator[Row]:
    for claim in claims:
        if claim.released_at is not None:
            state, ended = gettext("Released"), claim.released_at
        elif claim.expires_at <= now:
            state, ended = gettext("Expired"), claim.expires_at
        else:
            state, ended = gettext("Live"), None
        yield [
            ref_label(claim, "requirement", title=True),
            claim.donor.name,
            _utc(claim.created_at),
            _person(claim.claimed_by) or None,
            _utc(claim.expires_at),
            state,
            _utc(ended),
            claim.note or None,
        ]


def compare_header(comparison: RunComparison) -> list[str]:
    return [
        gettext("Priority"),
        gettext("Requirement"),
        gettext("Needed"),
        gettext("Run %(id)s") % {"id": comparison.a.pk},
        gettext("Run %(id)s") % {"id": comparison.b.pk},
        gettext("Difference"),
    ]


def compare_rows(comparison: RunComparison) -> Iterator[Row]:
    for row in comparison.rows:
        yield [
            row.priority,
            f"{row.reference} {row.title}",
            row.quantity,
            row.a,
            row.b,
            row.difference,
        ]


OVER_HEADER: list[Promise] = [
    _("Requirement"),
    _("Needed"),
    _("Firm"),
    _("Beyond need"),
    _("Aid lines"),
]


def over_coverage_rows(report: PlanningReport) -> Iterator[Row]:
    for o in report.over_coverage:
        yield [
            f"{o.requirement.reference} {o.requirement.title}",
            o.needed,
            o.firm,
            o.over,
            o.lines,
        ]


PRODUCTION_HEADER: list[Promise] = [
    _("Run"),
    _("Project"),
    _("Item type"),
    _("Month"),
    _("Units"),
    _("Value (EUR)"),
]


def production_rows(page: RunProduction) -> Iterator[Row]:
    for taken in page.projects:
        for month in taken.months:
            yield [
                page.run.pk,
                taken.project.name,
                ref_label(taken.project, "item_type") or None,
                month.month,
                month.units,
                month.eur,
            ]
