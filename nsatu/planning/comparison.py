"""Two done runs side by side, each read back as the engine's Plan for its comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.core.actors import Reader
from nsatu.core.errors import ValidationError
from nsatu.core.refs import ref_label, ref_seen
from nsatu.engine.allocation import compare
from nsatu.engine.allocation import result as res
from nsatu.planning import workflow
from nsatu.planning.models import AllocationRun, RunStatus
from nsatu.planning.run_selectors import requirement_references_visible, runs_figures_shown
from nsatu.planning.selectors import plan_line_list, run_get, run_list, shortfall_list


def run_plan(*, user: Reader, run: AllocationRun) -> res.Plan:
    """The stored result of a done run as the engine's Plan, for engine.compare."""
    lines = tuple(
        res.PlanLine(
            source_kind=line.source_kind,
            source_id=line.source_id,
            donor=line.owner.code if line.owner else "",
            requirement_id=line.requirement.reference if ref_seen(line, "requirement") else "",
            item_type=ref_label(line, "item_type"),
            quantity=line.quantity,
            month=line.month,
            hub=ref_label(line, "hub") or None,
            value=line.value,
            reason=line.reason,
        )
        for line in plan_line_list(user=user, run=run.pk).order_by("id")
        # A derived result names only what the reader may see (docs/architecture.md, "Derived results").
        if ref_seen(line, "requirement") and ref_seen(line, "pledge")
    )
    shortfalls = tuple(
        res.Shortfall(
            requirement_id=s.requirement.reference if ref_seen(s, "requirement") else "",
            quantity=s.quantity,
            covered=s.covered,
            reasons=tuple(
                res.Reason(
                    code=r.get("code", ""),
                    text=r.get("text", ""),
                    months=tuple(r.get("months", ())),
                    hubs=tuple(r.get("hubs", ())),
                    requirements=tuple(r.get("requirements", ())),
                )
                for r in s.reasons
            ),
        )
        for s in shortfall_list(user=user, run=run)
    )
    stats = res.SolveStats(
        status=run.solver_status,
        objective=run.objective,
        mip_gap=run.mip_gap,
        build_seconds=run.build_seconds or 0.0,
        solve_seconds=run.solve_seconds or 0.0,
        columns=run.columns or 0,
        rows=run.rows or 0,
        components=run.components or 0,
    )
    return res.Plan(
        lines=lines,
        shortfalls=shortfalls,
        stats=stats,
        weighted_coverage=run.plan_weighted_coverage or 0.0,
        on_time_share=run.plan_on_time_share or 0.0,
        new_types=tuple(run.plan_new_types),
    )


@dataclass(frozen=True)
class CompareRow:
    reference: str
    title: str
    priority: int
    quantity: int
    a: int | None
    b: int | None

    @property
    def difference(self) -> int:
        return (self.b or 0) - (self.a or 0)


@dataclass(frozen=True)
class RunComparison:
    a: AllocationRun
    b: AllocationRun
    figures: dict[str, Any]  # empty when the reader may not see every input of both runs
    rows: list[CompareRow]


def run_compare(*, user: Reader, a: int, b: int) -> RunComparison:
    """Two done runs side by side: the engine's comparison of the headline figures, and coverage per need."""
    run_a, run_b = run_get(user=user, pk=a), run_get(user=user, pk=b)
    for run in (run_a, run_b):
        if not workflow.run_has_plan(run.status):
            raise ValidationError(
                _("Run %(id)s has no plan to compare (it is %(status)s).")
                % {"id": run.pk, "status": run.get_status_display()}
            )
    shown = runs_figures_shown(user=user, runs=[run_a, run_b]) == {run_a.pk, run_b.pk}
    figures = (
        compare(run_plan(user=user, run=run_a), run_plan(user=user, run=run_b)) if shown else {}
    )
    seen = requirement_references_visible(
        user=user,
        references=set(run_a.coverage_by_requirement) | set(run_b.coverage_by_requirement),
    )
    ca = {k: v for k, v in run_a.coverage_by_requirement.items() if k in seen}
    cb = {k: v for k, v in run_b.coverage_by_requirement.items() if k in seen}
    rows = []
    for ref in sorted(set(ca) | set(cb), key=lambda r: ((ca.get(r) or cb[r])["priority"], r)):
        info = ca.get(ref) or cb[ref]
        rows.append(
            CompareRow(
                ref,
                info["title"],
                info["priority"],
                info["quantity"],
                ca[ref]["plan"] if ref in ca else None,
                cb[ref]["plan"] if ref in cb else None,
            )
        )
    return RunComparison(run_a, run_b, figures, rows)


@dataclass(frozen=True)
class ComparePage:
    runs: list[tuple[int, str]]  # the done runs one may choose, as (id, label)
    comparison: RunComparison | None


def run_compare_page_get(*, user: Reader, a: int | None, b: int | None) -> ComparePage:
    """The runs to choose from and, when two different ones of them are asked for, their comparison."""
    runs = [
        (r.pk, f"#{r.pk} · {date_format(r.created_at, 'SHORT_DATETIME_FORMAT')}")
        for r in run_list(user=user, status=RunStatus.DONE)
    ]
    ids = {pk for pk, _label in runs}
    if a is None or b is None or a == b or not {a, b} <= ids:
        return ComparePage(runs, None)
    return ComparePage(runs, run_compare(user=user, a=a, b=b))
