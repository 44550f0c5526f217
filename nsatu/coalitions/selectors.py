"""Reads of the coalition pages: a coalition with its sourced members, and what the one coverage, the aid ledger
and the fleet's fragmentation say about its capability area. Nothing is computed here that another module
already computes: the figures are those of `nsatu.coverage`, `nsatu.aid` (through the coverage inputs) and
`nsatu.resilience`, filtered to the area and split by membership."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nsatu.catalogue.models import CapabilityArea
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.coverage.rows import AreaRow, CoverageRow
from nsatu.coverage.selectors import coverage_report_get
from nsatu.engine.ledger import AidLine
from nsatu.parties.models import Coalition, CoalitionMember
from nsatu.parties.rules import may_edit_coalition
from nsatu.parties.selectors import (
    coalition_get,
    coalition_list,
    coalition_member_list,
    coalition_members_by_coalition,
    party_visible,
)
from nsatu.resilience.selectors import fragmentation_list, world_read
from nsatu.roadmap.models import Milestone
from nsatu.roadmap.selectors import milestone_list

if TYPE_CHECKING:
    from nsatu.engine.interop.fragmentation import Fragmentation


@dataclass
class DonorAid:
    """One donor's aid lines of item types of the area, each donation once (the aid ledger's lines)."""

    code: str
    name: str
    lines: int = 0
    committed: int = 0  # units at committed or beyond: the firm aid the coverage counts
    delivered: int = 0
    illustrative: bool = False  # one of its lines is illustrative (demo) aid


@dataclass
class AidSplit:
    members: list[DonorAid] = field(default_factory=list)
    others: list[DonorAid] = field(default_factory=list)

    @staticmethod
    def _total(rows: list[DonorAid], name: str) -> int:
        return sum(getattr(r, name) for r in rows)

    @property
    def members_committed(self) -> int:
        return self._total(self.members, "committed")

    @property
    def others_committed(self) -> int:
        return self._total(self.others, "committed")

    @property
    def members_delivered(self) -> int:
        return self._total(self.members, "delivered")

    @property
    def others_delivered(self) -> int:
        return self._total(self.others, "delivered")


@dataclass(frozen=True)
class CoalitionPage:
    coalition: Coalition
    members: list[CoalitionMember]
    may_edit: bool
    areas: list[AreaRow]  # the coverage report's rows of this capability area, one per unit kind
    requirements: list[
        CoverageRow
    ]  # its published requirements, as the requirement pages count them
    aid: AidSplit
    fragmentation: list[tuple[str, Fragmentation]]  # (label, row): the area, then by calibre
    milestones: list[Milestone]

    @property
    def leads(self) -> list[CoalitionMember]:
        return [m for m in self.members if m.lead]


@dataclass(frozen=True)
class CoalitionIndex:
    coalitions: list[Coalition]
    members: dict[int, list[CoalitionMember]]


def coalition_index_get(
    *,
    user: Reader,
    capability_area: str | None = None,
    udcg: bool | None = None,
    search: str | None = None,
    order: str = "name",
) -> CoalitionIndex:
    coalitions = list(
        coalition_list(
            user=user, capability_area=capability_area, udcg=udcg, search=search, order=order
        )
    )
    return CoalitionIndex(
        coalitions=coalitions,
        members=coalition_members_by_coalition(user=user, coalitions=coalitions),
    )


def coalition_milestones(*, user: Reader, coalition: Coalition) -> list[Milestone]:
    """The roadmap's milestones that name this coalition, as the roadmap reads them (each with `overdue`)."""
    return list(milestone_list(user=user, coalition=coalition))


def _aid_split(
    *, user: Reader, lines: tuple[AidLine, ...], area: str, members: set[str]
) -> AidSplit:
    in_area = set(
        item_type_visible(user=user).filter(capability_area=area).values_list("pk", flat=True)
    )
    names = dict(party_visible(user=user).values_list("code", "name"))
    donors: dict[str, DonorAid] = {}
    for line in lines:
        if line.item_id not in in_area:
            continue
        row = donors.get(line.donor)
        if row is None:
            row = donors[line.donor] = DonorAid(line.donor, names.get(line.donor, line.donor))
        row.lines += 1
        row.committed += line.committed
        row.delivered += line.delivered
        row.illustrative = row.illustrative or line.illustrative
    split: dict[bool, list[DonorAid]] = defaultdict(list)
    for row in sorted(donors.values(), key=lambda r: (-r.committed, r.name)):
        split[row.code in members].append(row)
    return AidSplit(members=split[True], others=split[False])


def _fragmentation(*, user: Reader, area: str) -> list[tuple[str, Fragmentation]]:
    """The area's row, then its rows by calibre, each with the label a reader reads (not the area's code)."""
    world = world_read(user=user)
    by_area = fragmentation_list(user=user, grouping="area", world=world)
    by_calibre = fragmentation_list(user=user, grouping="calibre", world=world)
    label = str(CapabilityArea(area).label)
    prefix = f"{area} · "
    return [(label, f) for f in by_area if f.group == area] + [
        (f"{label} · {f.group.removeprefix(prefix)}", f)
        for f in by_calibre
        if f.group.startswith(prefix)
    ]


def coalition_page_get(*, user: Reader, pk: int) -> CoalitionPage:
    coalition = coalition_get(user=user, pk=pk)
    members = coalition_member_list(user=user, coalition=coalition)
    report = coverage_report_get(user=user)
    area = coalition.capability_area
    seen_members = {m.party.code for m in members if getattr(m, "party_seen", False)}
    return CoalitionPage(
        coalition=coalition,
        members=members,
        may_edit=may_edit_coalition(user),
        areas=[a for a in report.areas if a.capability_area == area],
        requirements=[r for r in report.rows if r.capability_area == area],
        aid=_aid_split(
            user=user, lines=report.view.inputs.ledger.lines, area=area, members=seen_members
        ),
        fragmentation=_fragmentation(user=user, area=area),
        milestones=coalition_milestones(user=user, coalition=coalition),
    )


def coalition_party_choices(*, user: Reader) -> list[tuple[str, str]]:
    """The parties a coordinator may add to a coalition: those he may see, by code."""
    return [
        (code, f"{name} ({code})")
        for code, name in party_visible(user=user).values_list("code", "name")
    ]
