"""The over-coverage and duplicates report: firm aid beyond a need, the same donation reported twice.

Both come from the one computation of each: over-coverage is the one coverage's (nsatu.coverage: firm
aid counted toward a requirement beyond what it needs over the horizon), duplicates are the aid ledger's
matcher (engine.interop.duplicates, the report resilience shows too), so no page disagrees with another.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from nsatu.aid.selectors import duplicate_group_list
from nsatu.catalogue.selectors import item_type_refs_mark
from nsatu.core.actors import Reader
from nsatu.core.refs import ref_label
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.needs.models import Requirement
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_visible


@dataclass(frozen=True)
class OverCoverage:
    requirement: Requirement
    needed: Decimal
    firm: Decimal  # the coverage's committed stage: firm aid counted toward it
    over: Decimal
    lines: int  # aid lines that make it up


@dataclass(frozen=True)
class DuplicateGroup:
    donor: str
    item_label: str  # the item type's name, or "a restricted item type" (core/refs.py)
    quantity: int
    pledges: list[Pledge]
    keep: int  # the record the others would merge into


@dataclass(frozen=True)
class PlanningReport:
    over_coverage: list[OverCoverage]
    duplicates: list[DuplicateGroup]


def planning_report(*, user: Reader) -> PlanningReport:
    view = requirement_coverage_get(user=user)
    over = [
        OverCoverage(
            requirement=view.inputs.requirements[c.need.requirement_id],
            needed=c.need.quantity,
            firm=c.stages.committed,
            over=c.over,
            lines=len(c.by_line),
        )
        for c in view.result.requirements
        if c.over > 0
    ]
    over.sort(key=lambda o: (o.requirement.priority, o.requirement.reference))
    return PlanningReport(over_coverage=over, duplicates=_duplicates(user))


def _duplicates(user: Reader) -> list[DuplicateGroup]:
    groups = duplicate_group_list(user=user)
    ids = [r.pledge_id for g in groups for r in g.records]
    found = (
        pledge_visible(user=user)
        .filter(pk__in=ids)
        .select_related("donor", "item_type", "dataset")
        .order_by(F("announced_on").asc(nulls_last=True), "id")
    )
    pledges = {p.pk: p for p in item_type_refs_mark(found, user=user)}
    result = []
    for g in groups:
        members = [pledges[r.pledge_id] for r in g.records]
        first = pledges[g.keep.pledge_id]
        result.append(
            DuplicateGroup(
                donor=first.donor.name,
                item_label=ref_label(first, "item_type"),
                quantity=g.quantity,
                pledges=members,
                keep=g.keep.pledge_id,
            )
        )
    return sorted(result, key=lambda d: (d.donor, d.item_label, d.quantity, d.keep))
