"""Requirements of Ukraine's armed forces: the list.

The detail and the writes answer with the requirement's coverage by pledges, a domain above needs: they are
registered on this router by nsatu.dashboards.api (config/api.py mounts the router from there)."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from nsatu.core.api_common import LIST_ERRORS, Pagination, actor
from nsatu.needs.schemas import RequirementFilters, RequirementOut
from nsatu.needs.selectors import requirement_list

router = Router(tags=["requirements"])


@router.get("/", response={200: list[RequirementOut], **LIST_ERRORS}, summary="List requirements")
@paginate(Pagination)
def requirements_list(request: HttpRequest, filters: Query[RequirementFilters]) -> Any:
    return requirement_list(
        user=actor(request),
        status=filters.status,
        capability_area=filters.capability_area,
        search=filters.search,
    )
