"""Joint production projects: list and detail (writes go through the pages)."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from nsatu.core.api_common import LIST_ERRORS, READ_ERRORS, Pagination, actor
from nsatu.production.schemas import ProjectFilters, ProjectOut, project_out
from nsatu.production.selectors import joint_project_export_rows, joint_project_page_get

router = Router(tags=["production"])


@router.get(
    "/projects",
    response={200: list[ProjectOut], **LIST_ERRORS},
    summary="List joint production projects",
)
@paginate(Pagination)
def projects_list(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    rows = joint_project_export_rows(
        user=actor(request),
        status=filters.status,
        item_type=filters.item_type,
        partner=filters.partner,
        sort=filters.sort,
    )
    return [project_out(page) for page in rows]


@router.get(
    "/projects/{project_id}",
    response={200: ProjectOut, **READ_ERRORS},
    summary="One joint production project",
)
def projects_detail(request: HttpRequest, project_id: int) -> Any:
    return project_out(joint_project_page_get(user=actor(request), pk=project_id))
