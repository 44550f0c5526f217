"""The requirement endpoints that answer with its coverage: the detail, the planner's writes, the workflow.

They read pledges, a domain above needs, so they live here; they are registered on the requirements router of
nsatu.needs.api, which config/api.py mounts from this module, so that "/api/requirements/..." keeps one router:
two routers at one prefix would split the methods of a path ("/" GET and POST) between two URL patterns.
Each operation keeps the id it had when it was defined in nsatu.needs.api.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from nsatu.core.api_common import READ_ERRORS, WRITE_ERRORS, DecimalStr, Extended, actor
from nsatu.coverage.rows import figure, share, stage_figures
from nsatu.dashboards.selectors import RequirementDetail, requirement_detail_get
from nsatu.needs import api as needs_api
from nsatu.needs.schemas import RequirementIn, RequirementOut, RequirementPatch, TransitionIn
from nsatu.needs.selectors import requirement_get, requirement_input_resolve
from nsatu.needs.services import requirement_create, requirement_transition, requirement_update

requirements_router = needs_api.router


class CoverageOut(Schema):
    """The one coverage of the requirement (nsatu.engine.coverage); the same figures as GET /api/needs/coverage."""

    unit_kind: str
    needed: DecimalStr
    announced: DecimalStr
    committed: DecimalStr
    allocated: DecimalStr
    shipped: DecimalStr
    delivered: DecimalStr
    in_service: DecimalStr
    covered_share: DecimalStr
    gap: DecimalStr
    over: DecimalStr


class RequirementDetailOut(RequirementOut):
    description: str
    stated_by: str
    stated_on: str
    source_url: str
    coverage: CoverageOut | None = Field(
        description="Null until the requirement is published: only published requirements are covered."
    )
    transitions: list[str]


def _out(detail: RequirementDetail) -> Extended:
    c = detail.coverage
    coverage = (
        {
            "unit_kind": c.need.unit_kind,
            "needed": figure(c.need.quantity),
            **stage_figures(c.stages),
            # Rounded as the coverage export and GET /api/needs/coverage round them (nsatu.coverage.rows).
            "covered_share": share(c.covered_share),
            "gap": figure(c.gap),
            "over": figure(c.over),
        }
        if c is not None
        else None
    )
    return Extended(detail.requirement, coverage=coverage, transitions=detail.transitions)


@requirements_router.get(
    "/{requirement_id}",
    response={200: RequirementDetailOut, **READ_ERRORS},
    summary="One requirement with its coverage",
    operation_id="nsatu_needs_api_requirements_detail",
)
def requirements_detail(request: HttpRequest, requirement_id: int) -> Any:
    return _out(requirement_detail_get(user=actor(request), pk=requirement_id))


@requirements_router.post(
    "/",
    response={201: RequirementDetailOut, **WRITE_ERRORS},
    summary="Write a requirement (planner)",
    operation_id="nsatu_needs_api_requirements_create",
)
def requirements_create(request: HttpRequest, payload: RequirementIn) -> Any:
    user = actor(request)
    data = requirement_input_resolve(user=user, data=payload.model_dump())
    requirement = requirement_create(actor=user, **data)
    return Status(201, _out(requirement_detail_get(user=user, pk=requirement.pk)))


@requirements_router.patch(
    "/{requirement_id}",
    response={200: RequirementDetailOut, **WRITE_ERRORS},
    summary="Edit a draft requirement",
    operation_id="nsatu_needs_api_requirements_update",
)
def requirements_update(
    request: HttpRequest, requirement_id: int, payload: RequirementPatch
) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    requirement = requirement_update(
        actor=user,
        requirement=requirement_get(user=user, pk=requirement_id),
        expected_version=version,
        changes=requirement_input_resolve(user=user, data=changes),
    )
    return _out(requirement_detail_get(user=user, pk=requirement.pk))


@requirements_router.post(
    "/{requirement_id}/transition",
    response={200: RequirementDetailOut, **WRITE_ERRORS},
    summary="Move a requirement along its workflow",
    operation_id="nsatu_needs_api_requirements_transition",
)
def requirements_transition(
    request: HttpRequest, requirement_id: int, payload: TransitionIn
) -> Any:
    user = actor(request)
    requirement = requirement_transition(
        actor=user,
        requirement=requirement_get(user=user, pk=requirement_id),
        to_status=payload.to,
        expected_version=payload.version,
    )
    return _out(requirement_detail_get(user=user, pk=requirement.pk))
