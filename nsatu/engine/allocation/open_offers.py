"""How much of each offered pledge a plan may still allocate, so that one donation is offered once.

Several pledges can attest one aid line (a liaison's entry and the demo's open remainder of the same
donation, or one donation entered twice), and part of a line may already be allocated, shipped or delivered
(reported by a register or received in nsatu) and counted in the coverage *before* the plan. The line's
open part is its pooled parcel's committed units less its allocated units (engine.coverage: the allocated
stage includes shipped and delivered units). That open part is shared out over the line's offered pledges:
entries made in the system first (the donor's own figure), then the rest, each in pledge order and never
above what the pledge itself still offers. A pledge on no line keeps its own figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nsatu.engine.coverage import Parcel
from nsatu.engine.ledger import ENTERED, AidLine


def open_line_units(parcels: Iterable[Parcel]) -> dict[str, int]:
    """Per line id: committed less allocated units of its pooled parcel (0 when none is left)."""
    result: dict[str, int] = {}
    for parcel in parcels:
        if parcel.requirement_id is not None:
            continue
        left = parcel.stages.committed - parcel.stages.allocated
        result[parcel.line_id] = max(int(left.to_integral_value(rounding="ROUND_FLOOR")), 0)
    return result


def offer_caps(
    lines: Iterable[AidLine], open_units: Mapping[str, int], offered: Mapping[int, int]
) -> dict[int, int]:
    """Per offered pledge id: the units the plan may allocate from it.

    `offered` maps each pledge the plan would offer to what it still offers on its own (quantity less its
    own deliveries); pledges on a line without a pooled parcel (all earmarked, or withdrawn) get 0."""
    caps: dict[int, int] = {}
    for line in lines:
        members = [a for a in line.attestations if a.pledge_id in offered]
        if not members:
            continue
        left = open_units.get(line.id, 0)
        members.sort(key=lambda a: (a.dataset != ENTERED, a.pledge_id))
        for a in members:
            take = max(min(offered[a.pledge_id], left), 0)
            caps[a.pledge_id] = take
            left -= take
    return caps
