"""GET /api/coalitions/ and /api/coalitions/{id}: capability coalitions with their sourced members."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from nsatu.catalogue.models import CapabilityArea
from nsatu.coalitions.schemas import CoalitionDetailOut, CoalitionFilters, CoalitionOut
from nsatu.coalitions.selectors import CoalitionPage, coalition_index_get, coalition_page_get
from nsatu.core.api_common import LIST_ERRORS, READ_ERRORS, Extended, Pagination, actor
from nsatu.parties.models import Coalition, CoalitionMember

router = Router(tags=["coalitions"])


def _coalition(coalition: Coalition, members: list[CoalitionMember], **extra: Any) -> Extended:
    dataset = coalition.dataset
    return Extended(
        coalition,
        capability_area_label=str(CapabilityArea(coalition.capability_area).label),
        illustrative=bool(dataset is not None and dataset.illustrative),
        members=members,
        **extra,
    )


def _detail(page: CoalitionPage) -> Extended:
    return _coalition(
        page.coalition,
        page.members,
        coverage_areas=[{**vars(a), **a.stages} for a in page.areas],
        coverage_requirements=[{**vars(r), **r.stages} for r in page.requirements],
        aid_members=[asdict(d) for d in page.aid.members],
        aid_others=[asdict(d) for d in page.aid.others],
        fragmentation=[
            {
                "label": label,
                "group": f.group,
                "units": f.units,
                "type_count": f.type_count,
                "effective_types": f.effective_types,
                "hhi": f.hhi,
                "burden": f.burden,
            }
            for label, f in page.fragmentation
        ],
        milestones=page.milestones,
    )


@router.get("/", response={200: list[CoalitionOut], **LIST_ERRORS}, summary="List coalitions")
@paginate(Pagination)
def coalitions_list(request: HttpRequest, filters: Query[CoalitionFilters]) -> Any:
    data = coalition_index_get(
        user=actor(request),
        capability_area=filters.capability_area,
        udcg=filters.udcg,
        search=filters.q,
    )
    return [_coalition(c, data.members.get(c.pk, [])) for c in data.coalitions]


@router.get(
    "/{coalition_id}",
    response={200: CoalitionDetailOut, **READ_ERRORS},
    summary="One coalition: members, coverage of its area, firm aid, fragmentation, milestones",
)
def coalitions_detail(request: HttpRequest, coalition_id: int) -> Any:
    return _detail(coalition_page_get(user=actor(request), pk=coalition_id))
