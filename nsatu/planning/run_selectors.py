"""Reads of an allocation run's result as its pages and API show it: headline figures only to a reader who
may see every input of the run, rows only about records he may see (docs/architecture.md, "Derived
results")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.actors import Reader
from nsatu.needs.models import Requirement, UnitKindChoice
from nsatu.needs.selectors import requirement_visible
from nsatu.planning import workflow
from nsatu.planning.models import AllocationRun, PlanLine, RunStatus, Shortfall
from nsatu.planning.selectors import plan_line_list, run_get, run_list, shortfall_list
from nsatu.planning.wording import REASON_LABELS, reason_text
from nsatu.pledges.selectors import pledge_visible
from nsatu.production.selectors import joint_project_visible


@dataclass
class DonorLines:
    code: str
    name: str
    lines: list[PlanLine]
    quantity: int
    value: float


@dataclass(frozen=True)
class AreaRow:
    area: str
    label: str
    unit_kind: str  # "" for a run recorded before unit kinds were kept apart
    unit_label: str
    requirements: int
    left_out: int
    quantity: int
    before: float
    baseline: float
    plan: float


@dataclass(frozen=True)
class LeftOutItem:
    kind: str  # requirement | pledge
    id: int
    label: str


@dataclass(frozen=True)
class LeftOutGroup:
    reason: str
    label: str
    items: list[LeftOutItem]


@dataclass(frozen=True)
class RunPage:
    run: AllocationRun
    areas: list[AreaRow]
    donors: list[DonorLines] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    line_count: int = 0
    # Up to 20 latest done runs besides this one, to compare with.
    others: list[AllocationRun] = field(default_factory=list)
    left_out: list[LeftOutGroup] = field(default_factory=list)
    # Whether the reader may see every record the run was computed over (docs/architecture.md, "Derived
    # results"): only then are its headline figures and its shortfalls' reasons shown.
    figures_shown: bool = False


def _share(figures: dict[str, Any], key: str, quantity: int) -> float:
    return float(figures.get(key, 0)) / quantity if quantity else 0.0


def area_rows(run: AllocationRun) -> list[AreaRow]:
    """One row per capability area and unit kind: items and rounds are never one figure."""
    labels = dict(CapabilityArea.choices)
    kinds = dict(UnitKindChoice.choices)
    rows = []
    for area, by_kind in sorted(run.coverage_by_area.items()):
        # A run recorded before unit kinds were kept apart holds one figure per area.
        kinds_of_area = {"": by_kind} if "quantity" in by_kind else by_kind
        for kind, figures in sorted(kinds_of_area.items()):
            quantity = int(figures.get("needed", figures.get("quantity", 0)))
            rows.append(
                AreaRow(
                    area=area,
                    label=str(labels.get(area, area)),
                    unit_kind=kind,
                    unit_label=str(kinds.get(kind, _("units"))),
                    requirements=int(figures.get("requirements", 0)),
                    left_out=int(figures.get("left_out", 0)),
                    quantity=quantity,
                    before=_share(figures, "before", quantity),
                    baseline=_share(figures, "baseline", quantity),
                    plan=_share(figures, "plan", quantity),
                )
            )
    return rows


# Why the instance builder left a requirement or an offer out of a run (keys of instance_summary["left_out"]).
LEFT_OUT = {
    "project_not_feeding": gettext_lazy(
        "funds pledges of a joint production project that does not feed the plan"
    ),
    "funds_requirement": gettext_lazy(
        "requirements for funds: a plan allocates items and rounds, not money"
    ),
    "no_item_type": gettext_lazy("requirements no catalogue item type can satisfy"),
    "already_allocated": gettext_lazy(
        "requirements already covered in full by allocated, shipped or delivered aid"
    ),
    "already_delivered": gettext_lazy("requirements already met by deliveries"),
    "earmarked": gettext_lazy(
        "pledges earmarked for a requirement: counted in its coverage before the plan"
    ),
    "earmarked_elsewhere": gettext_lazy("pledges earmarked for a requirement outside the plan"),
    "no_item_type_or_quantity": gettext_lazy("in-kind pledges without an item type or quantity"),
    "funds_without_eur_value": gettext_lazy("funds pledges without a value in EUR"),
    "beyond_horizon": gettext_lazy("offers available only after the horizon"),
    "nothing_open": gettext_lazy(
        "pledges whose aid line is already allocated, shipped or delivered in full (counted before the plan)"
    ),
}


def run_left_out(*, user: Reader, run: AllocationRun) -> list[LeftOutGroup]:
    """What the run left out, as far as `user` may see each record: the run was built with the view of the
    coordinator who started it, and a reader must not learn of a requirement or pledge hidden from him."""
    recorded = run.instance_summary.get("left_out", {}) or {}
    entries = [
        (reason, e) for reason, items in recorded.items() for e in items if isinstance(e, dict)
    ]
    wanted = {
        kind: {int(e["id"]) for _r, e in entries if e.get("kind") == kind}
        for kind in ("requirement", "pledge")
    }
    visible = {
        "requirement": set(
            requirement_visible(user=user)
            .filter(pk__in=wanted["requirement"])
            .values_list("pk", flat=True)
        ),
        "pledge": set(
            pledge_visible(user=user).filter(pk__in=wanted["pledge"]).values_list("pk", flat=True)
        ),
    }
    groups = []
    for reason in recorded:
        items = [
            LeftOutItem(e["kind"], int(e["id"]), str(e["label"]))
            for r, e in entries
            if r == reason and int(e["id"]) in visible.get(e.get("kind", ""), set())
        ]
        if items:
            groups.append(LeftOutGroup(reason, str(LEFT_OUT.get(reason, reason)), items))
    return groups


Inputs = tuple[set[int], set[int], set[int]]  # (requirement ids, pledge ids, joint project ids)


def _runs_inputs(runs: Sequence[AllocationRun]) -> dict[int, Inputs]:
    """What each run was computed over. A run recorded before its inputs were kept names them only through
    its stored result: its requirements' figures, its lines and what it left out (read for all such runs
    together: two queries, whatever their number)."""
    out: dict[int, Inputs] = {}
    older: list[AllocationRun] = []
    for run in runs:
        inputs = (run.instance_summary or {}).get("inputs")
        if isinstance(inputs, dict):
            out[run.pk] = (
                {int(i) for i in inputs.get("requirements", [])},
                {int(i) for i in inputs.get("pledges", [])},
                # A joint production project's capacity and funding shape the plan as much as a pledge.
                {int(i) for i in inputs.get("projects", [])},
            )
        else:
            older.append(run)
    if not older:
        return out
    refs = {ref for run in older for ref in (run.coverage_by_requirement or {})}
    by_ref = dict(Requirement.objects.filter(reference__in=refs).values_list("reference", "pk"))
    lines: dict[int, set[int]] = {run.pk: set() for run in older}
    for run_id, pledge_id in PlanLine.objects.filter(run__in=older).values_list(
        "run_id", "pledge_id"
    ):
        lines[run_id].add(pledge_id)
    for run in older:
        requirements = {by_ref[r] for r in (run.coverage_by_requirement or {}) if r in by_ref}
        pledges = lines[run.pk]
        for items in ((run.instance_summary or {}).get("left_out") or {}).values():
            for e in items:
                if isinstance(e, dict) and e.get("kind") == "requirement":
                    requirements.add(int(e["id"]))
                elif isinstance(e, dict) and e.get("kind") == "pledge":
                    pledges.add(int(e["id"]))
        out[run.pk] = (requirements, pledges, set())
    return out


def requirement_references_visible(*, user: Reader, references: set[str]) -> set[str]:
    """Which of these requirement references `user` may see (a run's figures are keyed by reference)."""
    return set(
        requirement_visible(user=user)
        .filter(reference__in=references)
        .values_list("reference", flat=True)
    )


def run_inputs_seen(*, user: Reader, run: AllocationRun) -> bool:
    """Whether `user` may see every requirement and pledge `run` was computed over: its headline figures
    (objective, coverage, counts, shortfall reasons) depend on all of them, so only then may he read them."""
    return run.pk in runs_figures_shown(user=user, runs=[run])


# Ids per `pk__in` query: well under SQLite's bound on the variables of one statement.
_IDS_PER_QUERY = 10_000


def _seen_ids(visible: QuerySet[Any], ids: set[int]) -> set[int]:
    ordered = sorted(ids)
    seen: set[int] = set()
    for start in range(0, len(ordered), _IDS_PER_QUERY):
        chunk = ordered[start : start + _IDS_PER_QUERY]
        seen.update(visible.filter(pk__in=chunk).values_list("pk", flat=True))
    return seen


def run_list_marked(
    *, user: Reader, status: str | None = None, order: Sequence[str] = ("-created_at", "-id")
) -> list[AllocationRun]:
    """run_list with `figures_shown` set on each run (run_inputs_seen), for the API's list and downloads."""
    runs = list(run_list(user=user, status=status, order=order))
    shown = runs_figures_shown(user=user, runs=runs)
    for run in runs:
        run.figures_shown = run.pk in shown  # type: ignore[attr-defined]  # read by the API schema
    return runs


def runs_figures_shown(*, user: Reader, runs: Iterable[AllocationRun]) -> frozenset[int]:
    """The runs whose headline figures `user` may read: those whose every requirement, pledge and joint
    production project he may see. The inputs of all the runs are checked together, a query per kind of
    input (and per 10,000 ids), not three per run."""
    inputs = _runs_inputs(list(runs))
    requirements = set().union(*(r for r, _, _ in inputs.values()))
    pledges = set().union(*(p for _, p, _ in inputs.values()))
    projects = set().union(*(j for _, _, j in inputs.values()))
    seen_requirements = _seen_ids(requirement_visible(user=user), requirements)
    seen_pledges = _seen_ids(pledge_visible(user=user), pledges)
    seen_projects = _seen_ids(joint_project_visible(user=user), projects)
    return frozenset(
        pk
        for pk, (r, p, j) in inputs.items()
        if r <= seen_requirements and p <= seen_pledges and j <= seen_projects
    )


def _reasons_worded(shortfall: Shortfall) -> Shortfall:
    """The shortfall with each reason in the reader's language (kept in memory, never saved)."""
    shortfall.reasons = [
        {**r, "text": reason_text(str(r.get("code", "")), str(r.get("text", "")))}
        for r in shortfall.reasons
        if isinstance(r, dict)
    ]
    return shortfall


def _reasons_unnamed(shortfall: Shortfall) -> Shortfall:
    """The shortfall with each reason's text replaced by its label (kept in memory, never saved)."""
    shortfall.reasons = [
        {"code": r.get("code", ""), "text": str(REASON_LABELS.get(r.get("code", ""), ""))}
        for r in shortfall.reasons
        if isinstance(r, dict)
    ]
    return shortfall


def run_shortfalls(*, user: Reader, run: AllocationRun, figures_shown: bool) -> list[Shortfall]:
    """The shortfalls of the requirements `user` may see; their reasons name other records only when he may
    see every input of the run."""
    rows = list(shortfall_list(user=user, run=run))
    return [_reasons_worded(s) if figures_shown else _reasons_unnamed(s) for s in rows]


@dataclass(frozen=True)
class RunDetail:
    run: AllocationRun
    left_out: list[LeftOutGroup]
    figures_shown: bool


def run_detail_get(*, user: Reader, pk: int) -> RunDetail:
    run = run_get(user=user, pk=pk)
    return RunDetail(
        run=run,
        left_out=run_left_out(user=user, run=run),
        figures_shown=run_inputs_seen(user=user, run=run),
    )


def run_page_get(*, user: Reader, pk: int) -> RunPage:
    """A run with what the caller may see of its result: lines grouped by donor, shortfalls, areas."""
    run = run_get(user=user, pk=pk)
    shown = run_inputs_seen(user=user, run=run)
    areas = area_rows(run) if shown else []
    if not workflow.run_has_plan(run.status):
        return RunPage(
            run=run, areas=areas, left_out=run_left_out(user=user, run=run), figures_shown=shown
        )
    grouped: dict[str, DonorLines] = {}
    count = 0
    for line in plan_line_list(user=user, run=run.pk):
        owner = line.owner
        assert owner is not None  # a plan line is always owned by its donor
        group = grouped.setdefault(owner.code, DonorLines(owner.code, owner.name, [], 0, 0.0))
        group.lines.append(line)
        group.quantity += line.quantity
        group.value += line.value
        count += 1
    return RunPage(
        run=run,
        areas=areas,
        donors=sorted(grouped.values(), key=lambda d: (-d.value, d.name)),
        shortfalls=run_shortfalls(user=user, run=run, figures_shown=shown),
        line_count=count,
        others=[r for r in run_list(user=user, status=RunStatus.DONE)[:20] if r.pk != run.pk],
        left_out=run_left_out(user=user, run=run),
        figures_shown=shown,
    )
