"""Reads of the planning app: runs, plan lines, shortfalls, claims, and the pages that show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.catalogue.models import CapabilityArea
from nsatu.catalogue.selectors import item_type_refs_mark
from nsatu.core.actors import Actor, PartyLabel, Reader, Role
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, mark_visible_refs
from nsatu.core.visibility import visible_q
from nsatu.logistics.selectors import hub_refs_mark
from nsatu.needs.models import Requirement, RequirementStatus, UnitKindChoice
from nsatu.needs.selectors import requirement_get, requirement_list, requirement_visible
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.planning import rules, workflow
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus, Shortfall
from nsatu.pledges.selectors import pledge_visible, tranche_visible
from nsatu.production.selectors import joint_project_visible


@dataclass(frozen=True)
class CommandView:
    """The console operator (`nsatu plan` without --as) plans with the command's view: everything released
    to the command, as a coordinator without a party of its own would see it."""

    pk: int = 0
    username: str = "system"
    role: str = Role.COORDINATOR
    role_label: str = "Coordinator"
    party_id: int | None = None
    party: PartyLabel | None = None
    is_active: bool = True
    is_authenticated: bool = True
    is_superuser: bool = False


COMMAND_VIEW: Actor = CommandView()


def run_visible(*, user: Reader) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(visible_q(user))


def run_list(*, user: Reader, status: str | None = None) -> QuerySet[AllocationRun]:
    qs = run_visible(user=user).select_related("created_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def run_get(*, user: Reader, pk: int) -> AllocationRun:
    run = run_list(user=user).filter(pk=pk).first()
    if run is None:
        raise NotFound(pk)
    return run


def plan_line_visible(*, user: Reader) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(visible_q(user))


def plan_line_list(
    *,
    user: Reader,
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
    # A proposal may name a requirement or pledge hidden from its reader (core/refs.py names them).
    qs = mark_visible_refs(qs, field="requirement", visible=requirement_visible(user=user))
    qs = mark_visible_refs(qs, field="pledge", visible=pledge_visible(user=user))
    qs = mark_visible_refs(qs, field="tranche", visible=tranche_visible(user=user))
    qs = hub_refs_mark(item_type_refs_mark(qs, user=user), user=user)
    return qs.order_by(
        "-run_id", "owner__name", "requirement__priority", "requirement__reference", "month", "id"
    )


def plan_line_get(*, user: Reader, pk: int) -> PlanLine:
    line = plan_line_list(user=user).filter(pk=pk).first()
    if line is None:
        raise NotFound(pk)
    return line


def plan_line_export_list(*, user: Reader, run: int) -> QuerySet[PlanLine]:
    """A run's lines in the order of the export: by donor, requirement and month."""
    return plan_line_list(user=user, run=run).order_by(
        "owner__code", "requirement__reference", "month", "id"
    )


def plan_line_donor_choices(*, user: Reader) -> list[tuple[str, str]]:
    """(code, name) of the donors the proposals may be filtered by: a liaison's own nation only, since
    offering other donors would just list names."""
    donors = party_visible(user=user).filter(kind="nation").order_by("name")
    if user is not None and rules.sees_own_proposals_only(user):
        own = user.party_id
        donors = donors.filter(pk=own) if own is not None else donors.none()
    return list(donors.values_list("code", "name"))


def shortfall_list(*, user: Reader, run: AllocationRun) -> QuerySet[Shortfall]:
    """Shortfalls of a run the caller may see (`run` comes from run_get)."""
    if not run_visible(user=user).filter(pk=run.pk).exists():
        raise NotFound(run.pk)
    # A derived result (docs/architecture.md, "Derived results"): a row about a requirement hidden from
    # the reader is left out, not shown as restricted.
    visible = requirement_visible(user=user)
    rows = Shortfall.objects.filter(run=run, requirement__in=visible).select_related("requirement")
    return mark_visible_refs(rows, field="requirement", visible=visible).order_by(
        "requirement__priority", "requirement__reference"
    )


def declined_pairs(*, user: Reader, pledge_ids: list[int]) -> dict[int, set[str]]:
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


def claim_visible(*, user: Reader) -> QuerySet[Claim]:
    return Claim.objects.filter(visible_q(user))


def live_claim_q(now: dt.datetime) -> Q:
    return Q(released_at__isnull=True, expires_at__gt=now)


def claim_list(
    *,
    user: Reader,
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
    qs = mark_visible_refs(qs, field="requirement", visible=requirement_visible(user=user))
    return qs.order_by("-created_at", "-id")


def claims_live(*, user: Reader, now: dt.datetime) -> QuerySet[Claim]:
    return claim_list(user=user, now=now, live=True)


def claim_get(*, user: Reader, pk: int) -> Claim:
    claim = (
        mark_visible_refs(
            claim_visible(user=user).select_related("donor", "requirement", "claimed_by"),
            field="requirement",
            visible=requirement_visible(user=user),
        )
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise NotFound(pk)
    return claim


@dataclass(frozen=True)
class ClaimsPage:
    """The claims page: what the claim form offers (donors only to the command), live and past claims."""

    requirements: QuerySet[Requirement]
    donors: QuerySet[Party] | None
    live: QuerySet[Claim]
    past: QuerySet[Claim]


def claims_page_get(*, user: Reader, now: dt.datetime) -> ClaimsPage:
    return ClaimsPage(
        # No needed-by date sorts last on SQLite as on PostgreSQL.
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED).order_by(
            "priority", F("needed_by").asc(nulls_last=True), "reference"
        ),
        donors=party_visible(user=user).filter(kind="nation").order_by("name")
        if rules.claims_for_any_donor(user)
        else None,
        live=claim_list(user=user, now=now, live=True),
        past=claim_list(user=user, now=now, live=False),
    )


@dataclass(frozen=True)
class ClaimRefs:
    requirement: Requirement
    donor: Party | None


def claim_input_resolve(*, user: Actor, requirement: int, donor: str | None) -> ClaimRefs:
    """The requirement (by id) and donor (by code) a claim's input names; one the user may not see is a
    field error."""
    found = field_ref(
        "requirement", requirement, lambda: requirement_get(user=user, pk=requirement)
    )
    if not donor:
        return ClaimRefs(found, None)
    code = donor.upper()
    return ClaimRefs(found, field_ref("donor", donor, lambda: party_get(user=user, code=code)))


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


def _run_inputs(run: AllocationRun) -> tuple[set[int], set[int]]:
    """(requirement ids, pledge ids) a run was computed over. A run recorded before its inputs were kept
    names them only through its stored result: its requirements' figures, its lines and what it left out."""
    summary = run.instance_summary or {}
    inputs = summary.get("inputs")
    if isinstance(inputs, dict):
        return (
            {int(i) for i in inputs.get("requirements", [])},
            {int(i) for i in inputs.get("pledges", [])},
        )
    requirements: set[int] = set()
    pledges: set[int] = set()
    refs = list((run.coverage_by_requirement or {}).keys())
    requirements |= set(Requirement.objects.filter(reference__in=refs).values_list("pk", flat=True))
    pledges |= set(PlanLine.objects.filter(run=run).values_list("pledge_id", flat=True))
    for items in (summary.get("left_out") or {}).values():
        for e in items:
            if isinstance(e, dict) and e.get("kind") == "requirement":
                requirements.add(int(e["id"]))
            elif isinstance(e, dict) and e.get("kind") == "pledge":
                pledges.add(int(e["id"]))
    return requirements, pledges


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
    requirements, pledges = _run_inputs(run)
    seen_requirements = requirement_visible(user=user).filter(pk__in=requirements).count()
    seen_pledges = pledge_visible(user=user).filter(pk__in=pledges).count()
    # A joint production project's capacity and funding shape the plan as much as a pledge does.
    projects = {
        int(i) for i in ((run.instance_summary or {}).get("inputs") or {}).get("projects", [])
    }
    seen_projects = joint_project_visible(user=user).filter(pk__in=projects).count()
    return (
        seen_requirements == len(requirements)
        and seen_pledges == len(pledges)
        and seen_projects == len(projects)
    )


def run_list_marked(*, user: Reader, status: str | None = None) -> list[AllocationRun]:
    """run_list with `figures_shown` set on each run (run_inputs_seen), for the API's list."""
    runs = list(run_list(user=user, status=status))
    shown = runs_figures_shown(user=user, runs=runs)
    for run in runs:
        run.figures_shown = run.pk in shown  # type: ignore[attr-defined]  # read by the API schema
    return runs


def runs_figures_shown(*, user: Reader, runs: Iterable[AllocationRun]) -> frozenset[int]:
    """The runs of a list whose headline figures `user` may read (run_inputs_seen)."""
    return frozenset(run.pk for run in runs if run_inputs_seen(user=user, run=run))


# What a shortfall's reason says without naming a record or counting offers: the text the engine wrote
# names requirements, offers and funds, some of which the reader may not see.
REASON_LABELS = {
    "no_compatible_offer": gettext_lazy("no offer or fund is eligible for it"),
    "arrives_late": gettext_lazy("eligible offers arrive only after it is needed"),
    "hub_capacity": gettext_lazy("units left over could arrive only through hubs that are full"),
    "funds_exhausted": gettext_lazy("eligible funds are used up"),
    "taken_by_higher_priority": gettext_lazy(
        "units that could have arrived in time went to requirements where they count at least as much"
    ),
    "new_type_avoided": gettext_lazy(
        "eligible offers would bring an item type new to the fleet; the penalty outweighs their value"
    ),
    "unused_offer": gettext_lazy("eligible offers still had units that could arrive in time"),
    "not_enough_offered": gettext_lazy(
        "every eligible offer that arrives in time is used; together they hold too few"
    ),
}


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
    return rows if figures_shown else [_reasons_unnamed(s) for s in rows]


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
