"""Reads of the planning app: runs, plan lines, shortfalls, claims and the over-coverage/duplicates report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.actors import Role
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.visibility import visible_q
from nsatu.engine.allocation import result as res
from nsatu.engine.coverage import Coverage, PledgeOffer, RequirementNeed, coverage_by_requirement
from nsatu.needs.selectors import requirement_visible
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, Shortfall
from nsatu.pledges.models import FIRM_STATUSES, Pledge, PledgeKind
from nsatu.pledges.selectors import pledge_visible

# The console operator (`nsatu plan` without --as) plans with the command's view: everything released to the
# command, as a coordinator without a party of its own would see it.
COMMAND_VIEW = SimpleNamespace(
    is_authenticated=True, is_active=True, role=Role.COORDINATOR, party_id=None, username="system"
)
DUPLICATE_WINDOW_DAYS = 31


def run_visible(*, user: Any) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(visible_q(user))


def run_list(*, user: Any, status: str | None = None) -> QuerySet[AllocationRun]:
    qs = run_visible(user=user).select_related("created_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def run_get(*, user: Any, pk: int) -> AllocationRun:
    run = run_list(user=user).filter(pk=pk).first()
    if run is None:
        raise NotFound(pk)
    return run


def plan_line_visible(*, user: Any) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(visible_q(user))


def plan_line_list(
    *,
    user: Any,
    run: int | None = None,
    donor: str | None = None,
    state: str | None = None,
    requirement: int | None = None,
) -> QuerySet[PlanLine]:
    qs = plan_line_visible(user=user).select_related(
        "run",
        "owner",
        "pledge",
        "pledge__item_type",
        "requirement",
        "item_type",
        "hub",
        "tranche",
        "decided_by",
    )
    if run:
        qs = qs.filter(run_id=run)
    if donor:
        qs = qs.filter(owner__code=donor)
    if state:
        qs = qs.filter(state=state)
    if requirement:
        qs = qs.filter(requirement_id=requirement)
    return qs.order_by(
        "-run_id", "owner__name", "requirement__priority", "requirement__reference", "month", "id"
    )


def plan_line_get(*, user: Any, pk: int) -> PlanLine:
    line = plan_line_list(user=user).filter(pk=pk).first()
    if line is None:
        raise NotFound(pk)
    return line


def shortfall_list(*, user: Any, run: AllocationRun) -> QuerySet[Shortfall]:
    """Shortfalls of a run the caller may see (`run` comes from run_get)."""
    if not run_visible(user=user).filter(pk=run.pk).exists():
        raise NotFound(run.pk)
    return (
        Shortfall.objects.filter(run=run)
        .select_related("requirement")
        .order_by("requirement__priority", "requirement__reference")
    )


def declined_pairs(*, user: Any, pledge_ids: list[int]) -> dict[int, set[str]]:
    """pledge id -> references of requirements its donor declined for it in any earlier run."""
    pairs: dict[int, set[str]] = defaultdict(set)
    rows = (
        plan_line_visible(user=user)
        .filter(pledge_id__in=pledge_ids, state=LineState.DECLINED)
        .values_list("pledge_id", "requirement__reference")
    )
    for pledge_id, reference in rows:
        pairs[pledge_id].add(reference)
    return pairs


def claim_visible(*, user: Any) -> QuerySet[Claim]:
    return Claim.objects.filter(visible_q(user))


def live_claim_q(now: dt.datetime) -> Q:
    return Q(released_at__isnull=True, expires_at__gt=now)


def claim_list(
    *,
    user: Any,
    now: dt.datetime,
    live: bool | None = None,
    donor: str | None = None,
    requirement: int | None = None,
) -> QuerySet[Claim]:
    qs = claim_visible(user=user).select_related(
        "donor", "requirement", "claimed_by", "released_by"
    )
    if live is True:
        qs = qs.filter(live_claim_q(now))
    elif live is False:
        qs = qs.exclude(live_claim_q(now))
    if donor:
        qs = qs.filter(donor__code=donor)
    if requirement:
        qs = qs.filter(requirement_id=requirement)
    return qs.order_by("-created_at", "-id")


def claims_live(*, user: Any, now: dt.datetime) -> QuerySet[Claim]:
    return claim_list(user=user, now=now, live=True)


def claim_get(*, user: Any, pk: int) -> Claim:
    claim = (
        claim_visible(user=user)
        .select_related("donor", "requirement", "claimed_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise NotFound(pk)
    return claim


@dataclass
class DonorLines:
    code: str
    name: str
    lines: list[PlanLine]
    quantity: int
    value: float


@dataclass
class AreaRow:
    area: str
    label: str
    quantity: int
    before: float
    baseline: float
    plan: float


@dataclass
class RunPage:
    run: AllocationRun
    donors: list[DonorLines] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)
    line_count: int = 0


def area_rows(run: AllocationRun) -> list[AreaRow]:
    labels = dict(CapabilityArea.choices)
    rows = []
    for area, figures in sorted(run.coverage_by_area.items()):
        quantity = int(figures.get("quantity", 0))

        def share(key: str, figures: dict[str, Any] = figures, quantity: int = quantity) -> float:
            return float(figures.get(key, 0)) / quantity if quantity else 0.0

        rows.append(
            AreaRow(
                area,
                str(labels.get(area, area)),
                quantity,
                share("before"),
                share("baseline"),
                share("plan"),
            )
        )
    return rows


def run_page_get(*, user: Any, pk: int) -> RunPage:
    """A run with what the caller may see of its result: lines grouped by donor, shortfalls, areas."""
    run = run_get(user=user, pk=pk)
    page = RunPage(run=run, areas=area_rows(run))
    if run.status != "done":
        return page
    grouped: dict[str, DonorLines] = {}
    for line in plan_line_list(user=user, run=run.pk):
        owner = line.owner
        assert owner is not None
        group = grouped.setdefault(owner.code, DonorLines(owner.code, owner.name, [], 0, 0.0))
        group.lines.append(line)
        group.quantity += line.quantity
        group.value += line.value
        page.line_count += 1
    page.donors = sorted(grouped.values(), key=lambda d: (-d.value, d.name))
    page.shortfalls = list(shortfall_list(user=user, run=run))
    return page


def run_plan(*, user: Any, run: AllocationRun) -> res.Plan:
    """The stored result of a done run as the engine's Plan, for engine.compare."""
    lines = tuple(
        res.PlanLine(
            source_kind=line.source_kind,
            source_id=line.source_id,
            donor=line.owner.code if line.owner else "",
            requirement_id=line.requirement.reference,
            item_type=line.item_type.name if line.item_type else "",
            quantity=line.quantity,
            month=line.month,
            hub=line.hub.name if line.hub else None,
            value=line.value,
            reason=line.reason,
        )
        for line in plan_line_list(user=user, run=run.pk).order_by("id")
    )
    shortfalls = tuple(
        res.Shortfall(
            requirement_id=s.requirement.reference,
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


@dataclass
class OverCoverage:
    requirement: Any
    coverage: Coverage
    pledges: int


@dataclass
class DuplicateGroup:
    donor: str
    item_type: str
    quantity: int
    pledges: list[Pledge]


@dataclass
class PlanningReport:
    over_coverage: list[OverCoverage]
    duplicates: list[DuplicateGroup]


def planning_report(*, user: Any) -> PlanningReport:
    """Offers beyond need (firm pledges earmarked past a requirement's quantity) and likely duplicate pledges."""
    firm = (
        pledge_visible(user=user)
        .filter(status__in=FIRM_STATUSES, kind=PledgeKind.IN_KIND, requirement__isnull=False)
        .values("requirement_id")
        .annotate(total=Sum("quantity"), n=Count("id"))
    )
    totals = {r["requirement_id"]: r for r in firm}
    requirements = list(
        requirement_visible(user=user).filter(pk__in=totals).order_by("priority", "reference")
    )
    needs = [RequirementNeed(r.pk, r.quantity, r.capability_area) for r in requirements]
    offers = [
        PledgeOffer(0, rid, Decimal(row["total"] or 0), "committed") for rid, row in totals.items()
    ]
    coverage = {c.requirement_id: c for c in coverage_by_requirement(needs, offers)}
    over = [
        OverCoverage(r, coverage[r.pk], totals[r.pk]["n"])
        for r in requirements
        if coverage[r.pk].over > 0
    ]
    return PlanningReport(over_coverage=over, duplicates=_duplicates(user))


def _duplicates(user: Any) -> list[DuplicateGroup]:
    """Same donor, item type and quantity, announced within DUPLICATE_WINDOW_DAYS of the previous one."""
    candidates = (
        pledge_visible(user=user)
        .filter(item_type__isnull=False, quantity__isnull=False, announced_on__isnull=False)
        .exclude(status="withdrawn")
        .values("donor_id", "item_type_id", "quantity")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    keys = Q(pk__in=[])
    for c in candidates:
        keys |= Q(donor_id=c["donor_id"], item_type_id=c["item_type_id"], quantity=c["quantity"])
    pledges = list(
        pledge_visible(user=user)
        .filter(keys)
        .exclude(status="withdrawn")
        .select_related("donor", "item_type")
        .order_by("donor__name", "item_type__name", "quantity", "announced_on", "id")
    )
    groups: list[DuplicateGroup] = []
    window = dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    current: list[Pledge] = []
    for pledge in pledges:
        if current and _same(current[-1], pledge) and _gap(current[-1], pledge) <= window:
            current.append(pledge)
            continue
        _close(current, groups)
        current = [pledge]
    _close(current, groups)
    return groups


def _gap(a: Pledge, b: Pledge) -> dt.timedelta:
    assert (
        a.announced_on is not None and b.announced_on is not None
    )  # the query keeps dated pledges only
    return b.announced_on - a.announced_on


def _same(a: Pledge, b: Pledge) -> bool:
    return (a.donor_id, a.item_type_id, a.quantity) == (b.donor_id, b.item_type_id, b.quantity)


def _close(current: list[Pledge], groups: list[DuplicateGroup]) -> None:
    if len(current) > 1:
        first = current[0]
        groups.append(
            DuplicateGroup(
                first.donor.name,
                first.item_type.name if first.item_type else "",
                first.quantity or 0,
                list(current),
            )
        )


@dataclass
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


@dataclass
class RunComparison:
    a: AllocationRun
    b: AllocationRun
    figures: dict[str, Any]
    rows: list[CompareRow]


def run_compare(*, user: Any, a: int, b: int) -> RunComparison:
    """Two done runs side by side: the engine's comparison of the headline figures, and coverage per need."""
    from nsatu.engine.allocation import compare

    run_a, run_b = run_get(user=user, pk=a), run_get(user=user, pk=b)
    for run in (run_a, run_b):
        if run.status != "done":
            raise ValidationError(
                _("Run %(id)s has no plan to compare (it is %(status)s).")
                % {"id": run.pk, "status": run.get_status_display()}
            )
    figures = compare(run_plan(user=user, run=run_a), run_plan(user=user, run=run_b))
    ca, cb = run_a.coverage_by_requirement, run_b.coverage_by_requirement
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
