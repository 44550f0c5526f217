"""The API's shapes of a project; related records named through core/refs.py (null and `_restricted`)."""

# No `from __future__ import annotations`: ninja reads the schemas' annotations when they are defined.

import datetime as dt
from typing import Any

from ninja import Field, Schema

from nsatu.core.api_common import NamedRef, PartyRef
from nsatu.core.refs import ref_id, ref_restricted, ref_shown
from nsatu.production.models import ProjectStatus
from nsatu.production.selectors import ProjectPage


class ProjectFilters(Schema):
    status: ProjectStatus | None = None
    item_type: str | None = Field(None, description="Part of the item type's name")
    partner: str | None = Field(None, description="Part of a partner's name, or its country code")
    sort: str | None = Field(
        None, description="name, -name, status, start, -start, announced, -announced"
    )


class PartnerOut(Schema):
    name: str
    role: str
    country: str
    party: str | None
    source_url: str


class CapacityOut(Schema):
    from_month: str
    units_per_month: int
    source_url: str


class FundingOut(Schema):
    pledge: int | None
    pledge_restricted: bool
    flow: int | None
    flow_restricted: bool
    note: str
    source_url: str


class ProjectOut(Schema):
    id: int
    name: str
    item_type: NamedRef | None
    item_type_restricted: bool
    status: str
    status_label: str
    lead: PartyRef | None
    announced_on: dt.date | None
    partners: list[PartnerOut]
    capacities: list[CapacityOut]
    funding: list[FundingOut]
    feeds_plan: bool
    why_not: list[str]
    illustrative: bool
    source_url: str
    releasability: str
    version: int


def project_out(page: ProjectPage) -> dict[str, Any]:
    p = page.project
    item = ref_shown(p, "item_type")
    return {
        "id": p.pk,
        "name": p.name,
        "item_type": {"id": item.pk, "name": str(item)} if item is not None else None,
        "item_type_restricted": ref_restricted(p, "item_type"),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "lead": {"code": p.owner.code, "name": p.owner.name} if p.owner else None,
        "announced_on": p.announced_on,
        "partners": [
            {
                "name": x.name,
                "role": x.role,
                "country": x.country,
                "party": x.party.code if x.party else None,
                "source_url": x.source_url,
            }
            for x in page.partners
        ],
        "capacities": [
            {
                "from_month": f"{c.from_month:%Y-%m}",
                "units_per_month": c.units_per_month,
                "source_url": c.source_url,
            }
            for c in page.capacities
        ],
        "funding": [
            {
                "pledge": ref_id(f, "pledge"),
                "pledge_restricted": ref_restricted(f, "pledge"),
                "flow": ref_id(f, "flow"),
                "flow_restricted": ref_restricted(f, "flow"),
                "note": f.note,
                "source_url": f.source_url,
            }
            for f in page.funding
        ],
        "feeds_plan": not page.gaps,
        "why_not": page.gaps,
        "illustrative": page.illustrative,
        "source_url": p.source_url,
        "releasability": p.releasability,
        "version": p.version,
    }
