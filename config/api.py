"""The JSON API: one NinjaAPI, one router per domain app, bearer tokens or the login session."""

from __future__ import annotations

from ninja import NinjaAPI

from nsatu.accounts.api_auth import BearerToken, SessionWithCsrf
from nsatu.agreements.api import router as agreements_router
from nsatu.aid.api import router as aid_router
from nsatu.catalogue.api import router as catalogue_router
from nsatu.coalitions.api import router as coalitions_router
from nsatu.core.api_errors import install_error_handlers
from nsatu.council.api import router as council_router
from nsatu.coverage.api import router as coverage_router
from nsatu.dashboards.api import requirements_router
from nsatu.flows.api import router as flows_router
from nsatu.intake.api import router as intake_router
from nsatu.logistics.api import router as logistics_router
from nsatu.parties.api import router as parties_router
from nsatu.planning.api import router as planning_router
from nsatu.pledges.api import router as pledges_router
from nsatu.production.api import router as production_router
from nsatu.resilience.api import router as resilience_router
from nsatu.roadmap.api import router as roadmap_router
from nsatu.training.api import router as training_router

DESCRIPTION = """Requirements, pledges, flows, allocation plans and the reference tables of nsatu.

Authenticate with `Authorization: Bearer <token>` (create one with `nsatu token create USERNAME --name NAME`),
or from the site itself with the login session (unsafe methods then need the `X-CSRFToken` header).
Every read shows only what your role and party may see. Amounts are decimal strings.
Tokens expire (90 days by default); a coordinator's token is issued only with a TOTP code.
Errors: `{"detail": "..."}`; invalid input (422) adds `"errors": {"field": ["message", ...]}`: unknown
fields, `true` as a number, NUL characters, numbers beyond 64 bits or 15 significant digits, dates outside
1900-2199; a write whose body is not JSON gets 415; a write based on a stale `version` gets 409."""


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="nsatu API",
        version="1",
        description=DESCRIPTION,
        auth=[BearerToken(), SessionWithCsrf()],
        urls_namespace="api",
    )
    install_error_handlers(api)
    api.add_router("/parties", parties_router)
    api.add_router("/item-types", catalogue_router)
    # nsatu.needs.api's router, with the endpoints that answer with coverage added by nsatu.dashboards.api.
    api.add_router("/requirements", requirements_router)
    api.add_router("/pledges", pledges_router)
    api.add_router("/aid", aid_router)
    # The one coverage of requirements (nsatu.coverage): GET /api/needs/coverage.
    api.add_router("/needs", coverage_router)
    api.add_router("/flows", flows_router)
    api.add_router("/logistics", logistics_router)
    api.add_router("/agreements", agreements_router)
    api.add_router("/intake", intake_router)
    api.add_router("/planning", planning_router)
    api.add_router("/resilience", resilience_router)
    api.add_router("/training", training_router)
    api.add_router("/coalitions", coalitions_router)
    api.add_router("/production", production_router)
    api.add_router("/roadmap", roadmap_router)
    api.add_router("/council", council_router)
    return api


api = build_api()
