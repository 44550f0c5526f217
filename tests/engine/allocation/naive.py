"""An independent formulation of docs/allocation-model.md §3, written straight from the document.

One integer variable per (offer, item type, requirement, arrival month); no aggregation, no chains, no
lazy rows, no rounding: HiGHS solves the MIP to a zero gap. Only for small instances.
"""

from __future__ import annotations

import highspy
import numpy as np

from nsatu.engine.allocation.instance import Instance


def eligible(source, req) -> bool:  # type: ignore[no-untyped-def]
    if req.id in source.excluded_requirements:
        return False
    if source.earmark_requirements and req.id not in source.earmark_requirements:
        return False
    if source.earmark_areas and req.capability_area not in source.earmark_areas:
        return False
    return req.claimed_by is None or req.claimed_by == source.donor


def naive_objective(inst: Instance) -> float:
    p = inst.parameters
    H = p.horizon
    types = {t.id: t for t in inst.item_types}
    caps = {c.item_type: c.per_month for c in inst.capacities}
    hubs = {h.id: h.capacity_t for h in inst.hubs}
    cols: list[tuple[str, int, str, int, int]] = []  # kind, source, item type, requirement, month
    for n, t in enumerate(inst.tranches):
        for k, r in enumerate(inst.requirements):
            if t.item_type in r.satisfied_by and eligible(t, r):
                for m in range(t.available + t.transit, min(H - 1, r.needed_by + p.max_late) + 1):
                    cols.append(("t", n, t.item_type, k, m))
    for n, f in enumerate(inst.funds):
        buyable = f.item_types or tuple(types)
        for item in dict.fromkeys(buyable):
            if types[item].unit_price_eur is None:
                continue
            for k, r in enumerate(inst.requirements):
                if item in r.satisfied_by and eligible(f, r):
                    for m in range(
                        f.available + f.lead_time, min(H - 1, r.needed_by + p.max_late) + 1
                    ):
                        cols.append(("f", n, item, k, m))
    new_types = (
        sorted({c[2] for c in cols if not types[c[2]].in_fleet}) if p.new_type_penalty > 0 else []
    )
    n_x = len(cols)
    n_col = n_x + len(new_types)
    if n_col == 0:
        return 0.0
    cost = np.zeros(n_col)
    for j, (_, _, _, k, m) in enumerate(cols):
        r = inst.requirements[k]
        cost[j] = 2 ** (5 - r.priority) * p.lateness_decay ** max(0, m - r.needed_by)
    cost[n_x:] = -p.new_type_penalty
    rows: list[tuple[list[int], list[float], float]] = []
    for n, t in enumerate(inst.tranches):
        rows.append(
            ([j for j, c in enumerate(cols) if c[0] == "t" and c[1] == n], [], float(t.quantity))
        )
    for k, r in enumerate(inst.requirements):
        rows.append(([j for j, c in enumerate(cols) if c[3] == k], [], float(r.quantity)))
    for n, f in enumerate(inst.funds):
        js = [j for j, c in enumerate(cols) if c[0] == "f" and c[1] == n]
        rows.append((js, [types[cols[j][2]].unit_price_eur for j in js], f.amount_eur))  # type: ignore[misc]
    for item, cap in caps.items():
        for m in range(H):
            js = [j for j, c in enumerate(cols) if c[0] == "f" and c[2] == item and c[4] == m]
            rows.append((js, [], float(cap)))
    for hub, cap_t in hubs.items():
        for m in range(H):
            js = [
                j
                for j, c in enumerate(cols)
                if c[4] == m
                and (inst.tranches[c[1]].hub if c[0] == "t" else inst.funds[c[1]].hub) == hub
            ]
            rows.append((js, [types[cols[j][2]].unit_mass_t for j in js], cap_t))
    for z, item in enumerate(new_types):
        js = [j for j, c in enumerate(cols) if c[2] == item]
        big = float(sum(r.quantity for r in inst.requirements))
        rows.append(([*js, n_x + z], [1.0] * len(js) + [-big], 0.0))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    upper = np.full(n_col, np.inf)
    upper[n_x:] = 1.0
    h.addVars(n_col, np.zeros(n_col), upper)
    h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), cost)
    h.changeColsIntegrality(n_col, np.arange(n_col, dtype=np.int32), np.ones(n_col, dtype=np.uint8))
    for js, values, upper_bound in rows:
        if not js:
            continue
        vals = values or [1.0] * len(js)
        h.addRow(
            -np.inf,
            upper_bound,
            len(js),
            np.array(js, dtype=np.int32),
            np.array(vals, dtype=np.float64),
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(
        h.getModelStatus()
    )
    return float(h.getInfo().objective_function_value)
