"""Reads of the planning app: runs, plan lines, shortfalls, claims, and the pages that show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.actors import Actor, PartyLabel, Reader, Role
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref
from nsatu.core.visibility import visible_q
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.planning import rules, workflow
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus, Shortfall


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
    return (
        Shortfall.objects.filter(run=run)
        .select_related("requirement")
        .order_by("requirement__priority", "requirement__reference")
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
    return qs.order_by("-created_at", "-id")


def claims_live(*, user: Reader, now: dt.datetime) -> QuerySet[Claim]:
    return claim_list(user=user, now=now, live=True)


def claim_get(*, user: Reader, pk: int) -> Claim:
    claim = (
        claim_visible(user=user)
        .select_related("donor", "requirement", "claimed_by")
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
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED),
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
    quantity: int
    before: float
    baseline: float
    plan: float


@dataclass(frozen=True)
class RunPage:
    run: AllocationRun
    areas: list[AreaRow]
    donors: list[DonorLines] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    line_count: int = 0
    # Up to 20 latest done runs besides this one, to compare with.
    others: list[AllocationRun] = field(default_factory=list)


def area_rows(run: AllocationRun) -> list[AreaRow]:
    labels = dict(CapabilityArea.choices)
    rows = []
    for area, figures in sorted(run.coverage_by_area.items()):
        quantity = int(figures.get("quantity", 0))

        def share(key: str, figures: dict[str, float] = figures, quantity: int = quantity) -> float:
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


def run_page_get(*, user: Reader, pk: int) -> RunPage:
    """A run with what the caller may see of its result: lines grouped by donor, shortfalls, areas."""
    run = run_get(user=user, pk=pk)
    if not workflow.run_has_plan(run.status):
        return RunPage(run=run, areas=area_rows(run))
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
        areas=area_rows(run),
        donors=sorted(grouped.values(), key=lambda d: (-d.value, d.name)),
        shortfalls=list(shortfall_list(user=user, run=run)),
        line_count=count,
        others=[r for r in run_list(user=user, status=RunStatus.DONE)[:20] if r.pk != run.pk],
    )
