"""GET /api/needs/coverage: the one coverage of every published requirement the caller may read."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from nsatu.core.api_common import READ_ERRORS, actor
from nsatu.coverage.schemas import CoverageFilters, CoverageOut
from nsatu.coverage.selectors import coverage_report_get

router = Router(tags=["coverage"])


@router.get(
    "/coverage",
    response={200: CoverageOut, **READ_ERRORS},
    summary="Coverage of the published requirements, by stage",
    operation_id="nsatu_coverage_api_coverage",
)
def coverage(request: HttpRequest, filters: Query[CoverageFilters]) -> Any:
    report = coverage_report_get(
        user=actor(request), as_of=filters.as_of, horizon_months=filters.horizon_months
    )
    return {
        "as_of": report.as_of,
        "horizon": report.horizon,
        "weighted_share": report.weighted_share,
        "requirements": [{**vars(r), **r.stages} for r in report.rows],
        "areas": [{**vars(a), **a.stages} for a in report.areas],
    }
