"""The shapes of coalitions in the JSON API: a coalition with its sourced members, and on its own page the
coverage of its area, the firm aid of members and others, the fragmentation and the roadmap milestones."""

# No `from __future__ import annotations`: ninja and pydantic read these annotations when the classes are defined.

import datetime as dt

from ninja import Field, Schema

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.api_common import PartyRef
from nsatu.core.refs import ref_shown
from nsatu.coverage.schemas import AreaCoverageOut, RequirementCoverageOut
from nsatu.parties.models import CoalitionMember, Party


class CoalitionFilters(Schema):
    capability_area: CapabilityArea | None = None
    udcg: bool | None = Field(
        None, description="true: the contact group's capability coalitions; false: related formats"
    )
    q: str | None = Field(None, max_length=100, description="A name, or a member's party code")


class MemberOut(Schema):
    party: PartyRef | None = Field(description="null when the party is hidden from you")
    party_restricted: bool
    lead: bool
    source_url: str

    @staticmethod
    def resolve_party(obj: CoalitionMember) -> Party | None:
        party = ref_shown(obj, "party")  # `party_seen` is marked by the coalition selectors
        return party if isinstance(party, Party) else None

    @staticmethod
    def resolve_party_restricted(obj: CoalitionMember) -> bool:
        return ref_shown(obj, "party") is None


class CoalitionOut(Schema):
    id: int
    name: str
    udcg: bool = Field(
        description="One of the Ukraine Defense Contact Group's capability coalitions"
    )
    capability_area: str
    capability_area_label: str
    area_source_url: str
    established: str = Field(description="YYYY-MM, empty where no source states it")
    established_source_url: str
    source_url: str
    notes: str
    illustrative: bool
    members: list[MemberOut] = Field(description="Leads first; each with the page that states it")


class DonorAidOut(Schema):
    code: str
    name: str
    lines: int
    committed: int = Field(description="Units of the area's item types at committed or beyond")
    delivered: int
    illustrative: bool


class FragmentationOut(Schema):
    label: str
    group: str
    units: int
    type_count: int
    effective_types: float
    hhi: float
    burden: int = Field(description="Ammunition and maintenance families to supply")


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date | None
    status: str


class CoalitionDetailOut(CoalitionOut):
    coverage_areas: list[AreaCoverageOut] = Field(
        description="The coverage report's totals of this capability area, one per unit kind"
    )
    coverage_requirements: list[RequirementCoverageOut]
    aid_members: list[DonorAidOut]
    aid_others: list[DonorAidOut]
    fragmentation: list[FragmentationOut]
    milestones: list[MilestoneOut]
