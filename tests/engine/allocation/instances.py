"""Small random instances for the property tests, and an independent check of a plan's feasibility."""

from __future__ import annotations

from hypothesis import strategies as st

from nsatu.engine.allocation import (
    FundsOffer,
    Hub,
    Instance,
    ItemType,
    Parameters,
    Plan,
    ProducerCapacity,
    Requirement,
    Tranche,
)

DONORS = ("D1", "D2", "D3")
AREAS = ("a", "b")
TOL = 1e-6


@st.composite
def instances(
    draw: st.DrawFn,
    *,
    penalty: bool = True,
    requirements: int = 4,
    offers: int = 4,
    types: int = 3,
    declines: int = 6,
) -> Instance:
    horizon = draw(st.integers(2, 6))
    params = Parameters(
        horizon=horizon,
        lateness_decay=draw(st.sampled_from((0.5, 0.8, 1.0))),
        max_late=draw(st.integers(0, 3)),
        new_type_penalty=draw(st.sampled_from((0.0, 0.0, 3.0))) if penalty else 0.0,
        time_limit_s=30.0,
        mip_rel_gap=0.0,
    )
    n_types = draw(st.integers(1, types))
    catalogue = tuple(
        ItemType(
            id=f"I{n}",
            capability_area=draw(st.sampled_from(AREAS)),
            unit_mass_t=draw(st.sampled_from((0.0, 0.5, 1.0, 2.0, 3.0))),
            unit_price_eur=draw(st.sampled_from((None, 10.0, 25.0))),
            in_fleet=draw(st.booleans()),
        )
        for n in range(n_types)
    )
    type_ids = [t.id for t in catalogue]
    hubs = tuple(
        Hub(f"H{n}", draw(st.sampled_from((0.0, 1.0, 2.5, 4.0, 10.0))))
        for n in range(draw(st.integers(0, 2)))
    )
    hub_ids = [None, *(h.id for h in hubs)]
    n_req = draw(st.integers(1, requirements))
    req_ids = [f"R{n}" for n in range(n_req)]
    reqs = tuple(
        Requirement(
            id=req_ids[n],
            quantity=draw(st.integers(1, 6)),
            priority=draw(st.integers(1, 5)),
            needed_by=draw(st.integers(0, horizon + 1)),
            satisfied_by=tuple(
                draw(st.lists(st.sampled_from(type_ids), min_size=1, max_size=n_types, unique=True))
            ),
            capability_area=draw(st.sampled_from(AREAS)),
            claimed_by=draw(st.sampled_from((None, None, None, None, "D1", "D2"))),
        )
        for n in range(n_req)
    )

    def restrictions() -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        roll = draw(st.integers(0, 9))
        if roll == 0:
            out["earmark_areas"] = (draw(st.sampled_from(AREAS)),)
        elif roll == 1:
            out["earmark_requirements"] = tuple(
                draw(st.lists(st.sampled_from(req_ids), min_size=1, max_size=2, unique=True))
            )
        if draw(st.integers(1, declines)) == 1:
            out["excluded_requirements"] = (draw(st.sampled_from(req_ids)),)
        return out

    tranches = tuple(
        Tranche(
            id=f"T{n}",
            donor=draw(st.sampled_from(DONORS)),
            item_type=draw(st.sampled_from(type_ids)),
            quantity=draw(st.integers(1, 6)),
            available=draw(st.integers(0, horizon - 1)),
            transit=draw(st.integers(0, 2)),
            hub=draw(st.sampled_from(hub_ids)),
            announced=draw(st.integers(0, 3)),
            **restrictions(),
        )
        for n in range(draw(st.integers(0, offers)))
    )
    funds = tuple(
        FundsOffer(
            id=f"F{n}",
            donor=draw(st.sampled_from(DONORS)),
            amount_eur=draw(st.sampled_from((10.0, 30.0, 55.0))),
            available=draw(st.integers(0, horizon - 1)),
            lead_time=draw(st.integers(0, 2)),
            item_types=tuple(draw(st.lists(st.sampled_from(type_ids), max_size=2, unique=True))),
            hub=draw(st.sampled_from(hub_ids)),
            announced=draw(st.integers(0, 3)),
            **restrictions(),
        )
        for n in range(draw(st.integers(0, 2)))
    )
    capacities = tuple(
        ProducerCapacity(t, draw(st.integers(0, 3)))
        for t in type_ids
        if draw(st.integers(0, 2)) == 0
    )
    return Instance(params, catalogue, reqs, tranches, funds, capacities, hubs)


def check_plan(inst: Instance, plan: Plan) -> None:
    """Every rule of docs §3 that a plan must keep, checked on its lines alone."""
    p = inst.parameters
    types = {t.id: t for t in inst.item_types}
    reqs = {r.id: r for r in inst.requirements}
    tranches = {t.id: t for t in inst.tranches}
    funds = {f.id: f for f in inst.funds}
    caps = {c.item_type: c.per_month for c in inst.capacities}
    hubs = {h.id: h.capacity_t for h in inst.hubs}
    used: dict[str, int] = {}
    filled: dict[str, int] = {}
    spent: dict[str, float] = {}
    produced: dict[tuple[str, int], int] = {}
    load: dict[tuple[str, int], float] = {}
    value = 0.0
    for line in plan.lines:
        r = reqs[line.requirement_id]
        assert line.quantity > 0
        assert line.item_type in r.satisfied_by, f"{line}: incompatible item type"
        assert 0 <= line.month < p.horizon
        assert line.month - r.needed_by <= p.max_late, f"{line}: later than max_late"
        source: Tranche | FundsOffer
        if line.source_kind == "tranche":
            source = tranches[line.source_id]
            assert source.item_type == line.item_type
            assert line.month >= source.available + source.transit, (
                f"{line}: before its tranche is available"
            )
            used[source.id] = used.get(source.id, 0) + line.quantity
        else:
            source = funds[line.source_id]
            price = types[line.item_type].unit_price_eur
            assert price is not None, f"{line}: bought an item type without a price"
            assert not source.item_types or line.item_type in source.item_types
            assert line.month >= source.available + source.lead_time, (
                f"{line}: before the funds can deliver"
            )
            spent[source.id] = spent.get(source.id, 0.0) + price * line.quantity
            produced[(line.item_type, line.month)] = (
                produced.get((line.item_type, line.month), 0) + line.quantity
            )
        assert source.donor == line.donor and source.hub == line.hub
        assert r.id not in source.excluded_requirements, f"{line}: declined"
        assert not source.earmark_requirements or r.id in source.earmark_requirements, (
            f"{line}: earmarked elsewhere"
        )
        assert not source.earmark_areas or r.capability_area in source.earmark_areas, (
            f"{line}: other area"
        )
        assert r.claimed_by is None or r.claimed_by == source.donor, (
            f"{line}: claimed by another donor"
        )
        filled[r.id] = filled.get(r.id, 0) + line.quantity
        if source.hub is not None:
            key = (source.hub, line.month)
            load[key] = load.get(key, 0.0) + types[line.item_type].unit_mass_t * line.quantity
        expected = (
            2 ** (5 - r.priority)
            * p.lateness_decay ** max(0, line.month - r.needed_by)
            * line.quantity
        )
        assert abs(line.value - expected) <= TOL * max(1.0, expected)
        value += line.value
    for tid, units in used.items():
        assert units <= tranches[tid].quantity, f"tranche {tid} over-used"
    for rid, units in filled.items():
        assert units <= reqs[rid].quantity, f"requirement {rid} over-filled"
    for fid, money in spent.items():
        assert money <= funds[fid].amount_eur + TOL, f"funds {fid} overspent"
    for (item, month), units in produced.items():
        assert units <= caps.get(item, units), f"producers of {item} over capacity in month {month}"
    for (hub, month), tonnes in load.items():
        assert tonnes <= hubs[hub] * (1 + 1e-9) + TOL, f"hub {hub} over capacity in month {month}"
    new_types = sorted(
        {line.item_type for line in plan.lines if not types[line.item_type].in_fleet}
    )
    assert sorted(plan.new_types) == new_types
    objective = value - p.new_type_penalty * len(new_types)
    assert plan.stats.objective is not None
    assert abs(plan.stats.objective - objective) <= TOL * max(1.0, abs(objective))
