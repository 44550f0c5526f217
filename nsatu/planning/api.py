"""Allocation runs, their plan lines (accept/decline) and donors' claims on requirements."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Extended,
    InputSchema,
    Pagination,
    PartyRef,
    actor,
)
from nsatu.core.refs import ref_id, ref_label, ref_restricted, ref_shown
from nsatu.planning.execution import runs_reap
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus
from nsatu.planning.parameters import CLAIM_DAYS_DEFAULT, CLAIM_DAYS_MAX
from nsatu.planning.run_selectors import run_detail_get, run_list_marked
from nsatu.planning.selectors import claim_input_resolve, claim_list, plan_line_get, plan_line_list
from nsatu.planning.services import (
    allocation_run_cancel,
    allocation_run_create,
    allocation_run_retry,
    claim_create,
    claim_release,
    plan_line_accept,
    plan_line_decline,
)

router = Router(tags=["planning"])


class RunFilters(Schema):
    status: RunStatus | None = None


class Figures(Schema):
    weighted_coverage: float | None
    on_time_share: float | None
    new_types: list[str]


class RunOut(Schema):
    id: int
    status: str
    progress: int
    progress_message: str
    created_at: dt.datetime
    created_by: str | None
    parameters: dict[str, Any]
    solver_status: str
    objective: float | None
    error_message: str
    attempt: int
    worker: str
    heartbeat_at: dt.datetime | None
    lease_expires_at: dt.datetime | None
    version: int

    figures_withheld: bool = Field(
        description="The run was computed over records you may not see: its figures are null"
    )

    @staticmethod
    def resolve_created_by(obj: AllocationRun) -> str | None:
        return obj.created_by.username if obj.created_by else None

    @staticmethod
    def resolve_figures_withheld(obj: AllocationRun) -> bool:
        # Set by the selectors (run_list_marked, run_detail_get); absent means withheld.
        return not getattr(obj, "figures_shown", False)

    @staticmethod
    def resolve_objective(obj: AllocationRun) -> float | None:
        return obj.objective if getattr(obj, "figures_shown", False) else None

    @staticmethod
    def resolve_progress_message(obj: AllocationRun) -> str:
        # The message counts the requirements and offers the run took in.
        return obj.progress_message if getattr(obj, "figures_shown", False) else ""


class LeftOutItemOut(Schema):
    kind: str = Field(description="requirement or pledge")
    id: int
    label: str


class LeftOutGroupOut(Schema):
    reason: str
    label: str
    items: list[LeftOutItemOut]


class RunDetailOut(RunOut):
    mip_gap: float | None
    build_seconds: float | None
    solve_seconds: float | None
    columns: int | None
    rows: int | None
    components: int | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    plan: Figures
    baseline: Figures
    # {area: {unit kind: {requirements, left_out, needed, before, baseline, plan}}}
    coverage_by_area: dict[str, Any]
    instance_summary: dict[str, Any]
    left_out: list[LeftOutGroupOut]

    @staticmethod
    def resolve_instance_summary(obj: AllocationRun) -> dict[str, Any]:
        """The counts; what was left out is `left_out`, filtered for the reader; the inputs never."""
        if not getattr(obj, "figures_shown", False):
            return {}
        return {k: v for k, v in obj.instance_summary.items() if k not in ("left_out", "inputs")}

    @staticmethod
    def resolve_coverage_by_area(obj: AllocationRun) -> dict[str, Any]:
        return obj.coverage_by_area if getattr(obj, "figures_shown", False) else {}

    @staticmethod
    def resolve_mip_gap(obj: AllocationRun) -> float | None:
        return obj.mip_gap if getattr(obj, "figures_shown", False) else None

    @staticmethod
    def resolve_columns(obj: AllocationRun) -> int | None:
        return obj.columns if getattr(obj, "figures_shown", False) else None

    @staticmethod
    def resolve_rows(obj: AllocationRun) -> int | None:
        return obj.rows if getattr(obj, "figures_shown", False) else None

    @staticmethod
    def resolve_components(obj: AllocationRun) -> int | None:
        return obj.components if getattr(obj, "figures_shown", False) else None

    @staticmethod
    def resolve_plan(obj: AllocationRun) -> dict[str, Any]:
        shown = getattr(obj, "figures_shown", False)
        return {
            "weighted_coverage": obj.plan_weighted_coverage if shown else None,
            "on_time_share": obj.plan_on_time_share if shown else None,
            "new_types": obj.plan_new_types if shown else [],
        }

    @staticmethod
    def resolve_baseline(obj: AllocationRun) -> dict[str, Any]:
        shown = getattr(obj, "figures_shown", False)
        return {
            "weighted_coverage": obj.baseline_weighted_coverage if shown else None,
            "on_time_share": obj.baseline_on_time_share if shown else None,
            "new_types": obj.baseline_new_types if shown else [],
        }


class RunIn(InputSchema):
    start: str | None = Field(
        None, description="Month 0 of the plan, YYYY-MM (default: this month)"
    )
    horizon: int | None = Field(None, description="Months planned (1-120, default 24)")
    lateness_decay: float | None = Field(
        None, description="Value factor per month late (default 0.8)"
    )
    max_late: int | None = Field(
        None, description="Months late after which a unit earns nothing (default 12)"
    )
    new_type_penalty: float | None = Field(
        None, description="Penalty per item type new to the fleet (default 0)"
    )
    time_limit_s: float | None = Field(
        None, description="Solver time limit in seconds (default 60)"
    )
    funds_lead_time: int | None = Field(
        None, description="Months from a funds pledge to delivery (default 3)"
    )


class LineFilters(Schema):
    run: int | None = Field(None, ge=1, le=2**63 - 1)
    donor: str | None = Field(None, description="Donor party code, e.g. DEU")
    state: LineState | None = None
    requirement: int | None = Field(None, ge=1, le=2**63 - 1, description="Requirement id")


class RequirementRef(Schema):
    id: int
    reference: str
    title: str
    priority: int


class LineOut(Schema):
    id: int
    run: int
    donor: PartyRef
    pledge: int | None = Field(description="Pledge id; null when the pledge is hidden from you")
    tranche: int | None
    requirement: RequirementRef | None = Field(
        description="null when the requirement is hidden from you (requirement_restricted)"
    )
    requirement_restricted: bool
    item_type: str | None
    quantity: int
    arrival: dt.date
    hub: str | None
    value: float
    reason: str
    state: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decline_reason: str
    version: int

    @staticmethod
    def resolve_run(obj: PlanLine) -> int:
        return int(obj.run_id)

    @staticmethod
    def resolve_donor(obj: PlanLine) -> object:
        return obj.owner

    @staticmethod
    def resolve_pledge(obj: PlanLine) -> int | None:
        return ref_id(obj, "pledge")

    @staticmethod
    def resolve_tranche(obj: PlanLine) -> int | None:
        return ref_id(obj, "tranche")

    @staticmethod
    def resolve_requirement(obj: PlanLine) -> object:
        return ref_shown(obj, "requirement")

    @staticmethod
    def resolve_requirement_restricted(obj: PlanLine) -> bool:
        return ref_restricted(obj, "requirement")

    @staticmethod
    def resolve_item_type(obj: PlanLine) -> str | None:
        return ref_label(obj, "item_type") or None  # "a restricted item type" when hidden

    @staticmethod
    def resolve_hub(obj: PlanLine) -> str | None:
        return ref_label(obj, "hub") or None

    @staticmethod
    def resolve_decided_by(obj: PlanLine) -> str | None:
        return obj.decided_by.username if obj.decided_by else None


class DecisionIn(InputSchema):
    version: int = Field(description="The version you saw; a stale one is refused with 409")
    reason: str = Field(
        "", max_length=500, description="Why the proposal is declined (decline only)"
    )


class ClaimFilters(Schema):
    live: bool | None = Field(
        None, description="true: live claims only; false: released or expired only"
    )
    donor: str | None = None
    requirement: int | None = Field(None, ge=1, le=2**63 - 1)


class ClaimOut(Schema):
    id: int
    donor: PartyRef
    requirement: RequirementRef | None = Field(
        description="null when the requirement is hidden from you (requirement_restricted)"
    )
    requirement_restricted: bool
    claimed_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    released_at: dt.datetime | None
    live: bool
    note: str
    version: int

    @staticmethod
    def resolve_claimed_by(obj: Claim) -> str | None:
        return obj.claimed_by.username if obj.claimed_by else None

    @staticmethod
    def resolve_requirement(obj: Claim) -> object:
        return ref_shown(obj, "requirement")

    @staticmethod
    def resolve_requirement_restricted(obj: Claim) -> bool:
        return ref_restricted(obj, "requirement")

    @staticmethod
    def resolve_live(obj: Claim) -> bool:
        return obj.released_at is None and obj.expires_at > timezone.now()


class ClaimIn(InputSchema):
    requirement: int = Field(description="Requirement id")
    donor: str | None = Field(
        None, description="Donor party code; a liaison's own party when left out"
    )
    days: int = Field(CLAIM_DAYS_DEFAULT, ge=1, le=CLAIM_DAYS_MAX)
    note: str = Field("", max_length=500)


class ReleaseIn(InputSchema):
    version: int | None = None


@router.get("/runs", response={200: list[RunOut], **LIST_ERRORS}, summary="List allocation runs")
@paginate(Pagination)
def runs_list(request: HttpRequest, filters: Query[RunFilters]) -> Any:
    runs_reap()  # a run whose worker died reads as failed, not running for ever
    return run_list_marked(user=actor(request), status=filters.status)


@router.get(
    "/runs/{run_id}",
    response={200: RunDetailOut, **READ_ERRORS},
    summary="One run with its figures",
)
def runs_detail(request: HttpRequest, run_id: int) -> Any:
    runs_reap()
    detail = run_detail_get(user=actor(request), pk=run_id)
    return Extended(detail.run, left_out=detail.left_out, figures_shown=detail.figures_shown)


class RunActionIn(InputSchema):
    version: int | None = Field(None, description="The run's version you saw; 409 if it changed")


@router.post(
    "/runs/{run_id}/cancel",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Cancel a queued or running run (coordinator); its worker stops at the next stage",
)
def runs_cancel(request: HttpRequest, run_id: int, payload: RunActionIn) -> Any:
    return allocation_run_cancel(
        actor=actor(request), run_id=run_id, expected_version=payload.version
    )


@router.post(
    "/runs/{run_id}/retry",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Queue a failed or cancelled run again (coordinator)",
)
def runs_retry(request: HttpRequest, run_id: int, payload: RunActionIn) -> Any:
    return allocation_run_retry(
        actor=actor(request), run_id=run_id, expected_version=payload.version
    )


@router.post(
    "/runs",
    response={201: RunOut, **WRITE_ERRORS},
    summary="Start a run (coordinator); it is queued for a background worker",
)
def runs_create(request: HttpRequest, payload: RunIn) -> Any:
    run = allocation_run_create(
        actor=actor(request), parameters=payload.model_dump(exclude_none=True)
    )
    return Status(201, run)


@router.get(
    "/lines", response={200: list[LineOut], **LIST_ERRORS}, summary="List plan lines you may see"
)
@paginate(Pagination)
def lines_list(request: HttpRequest, filters: Query[LineFilters]) -> Any:
    return plan_line_list(
        user=actor(request),
        run=filters.run,
        donor=filters.donor.upper() if filters.donor else None,
        state=filters.state,
        requirement=filters.requirement,
    )


@router.get("/lines/{line_id}", response={200: LineOut, **READ_ERRORS}, summary="One plan line")
def lines_detail(request: HttpRequest, line_id: int) -> Any:
    return plan_line_get(user=actor(request), pk=line_id)


@router.post(
    "/lines/{line_id}/accept",
    response={200: LineOut, **WRITE_ERRORS},
    summary="Accept a proposal (the donor's liaison); the pledge becomes allocated",
)
def lines_accept(request: HttpRequest, line_id: int, payload: DecisionIn) -> Any:
    return plan_line_accept(actor=actor(request), line_id=line_id, expected_version=payload.version)


@router.post(
    "/lines/{line_id}/decline",
    response={200: LineOut, **WRITE_ERRORS},
    summary="Decline a proposal (the donor's liaison); the next run respects it",
)
def lines_decline(request: HttpRequest, line_id: int, payload: DecisionIn) -> Any:
    return plan_line_decline(
        actor=actor(request),
        line_id=line_id,
        expected_version=payload.version,
        reason=payload.reason,
    )


@router.get(
    "/claims", response={200: list[ClaimOut], **LIST_ERRORS}, summary="List claims on requirements"
)
@paginate(Pagination)
def claims_list(request: HttpRequest, filters: Query[ClaimFilters]) -> Any:
    return claim_list(
        user=actor(request),
        now=timezone.now(),
        live=filters.live,
        donor=filters.donor.upper() if filters.donor else None,
        requirement=filters.requirement,
    )


@router.post(
    "/claims", response={201: ClaimOut, **WRITE_ERRORS}, summary="Claim a requirement for some days"
)
def claims_create(request: HttpRequest, payload: ClaimIn) -> Any:
    user = actor(request)
    refs = claim_input_resolve(user=user, requirement=payload.requirement, donor=payload.donor)
    claim = claim_create(
        actor=user,
        requirement=refs.requirement,
        donor=refs.donor,
        days=payload.days,
        note=payload.note,
    )
    return Status(201, claim)


@router.post(
    "/claims/{claim_id}/release",
    response={200: ClaimOut, **WRITE_ERRORS},
    summary="Release a claim",
)
def claims_release(request: HttpRequest, claim_id: int, payload: ReleaseIn) -> Any:
    return claim_release(actor=actor(request), claim_id=claim_id, expected_version=payload.version)
