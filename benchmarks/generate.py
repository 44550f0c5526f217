"""A realistic random allocation instance, written as JSON (docs/allocation-model.md §9 for the format).

Shape, at scale 1 ("national"): ~150 item types in 12 capability areas, grouped in substitute clusters and
ammunition families; 2,000 requirements (one item type, a substitute cluster or "any ammunition of a
family"), priorities skewed towards 3, needed-by months skewed early; 20,000 tranches from 50 donors of
Zipf-skewed size, 90 % through one of 4 hubs whose monthly capacity is below the peak load, ~10 % earmarked
(to an area or to named requirements), ~2 % with declined requirements, ~3 % of requirements claimed;
60 funds offers through national procurement, a fund or PURL, with producer capacities per item type.
Scale s multiplies requirements, tranches, funds and hub capacities; the catalogue stays the same.

    python benchmarks/generate.py --scale 1 --seed 1 --out var/bench/national.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path
from typing import Any

AREAS = {
    # area: (platform clusters, types per cluster, platform mass range t, unit price range EUR)
    "air_defence": (6, 3, (12, 40), (5e6, 1.5e8)),
    "artillery": (6, 3, (15, 55), (2e6, 9e6)),
    "armour": (6, 3, (18, 65), (1e6, 1.2e7)),
    "air_force": (3, 2, (9, 20), (2e7, 9e7)),
    "maritime": (3, 2, (20, 400), (5e5, 5e7)),
    "drones": (6, 3, (0.01, 1.5), (5e2, 2e6)),
    "demining": (3, 2, (10, 45), (5e5, 4e6)),
    "it": (3, 2, (0.01, 0.5), (1e3, 5e5)),
    "long_range_strike": (2, 2, (8, 25), (5e6, 2e7)),
    "logistics": (5, 3, (5, 20), (1e5, 6e5)),
    "medical": (4, 2, (0.05, 8), (1e3, 4e5)),
    "engineering": (3, 2, (10, 40), (3e5, 3e6)),
}
FAMILIES = {
    # ammunition family: (area, types, unit mass t, unit price EUR, typical requirement quantity)
    "155mm NATO": ("artillery", 6, 0.047, 4_000, 20_000),
    "152mm Soviet": ("artillery", 3, 0.044, 3_000, 10_000),
    "122mm Soviet": ("artillery", 3, 0.035, 2_000, 8_000),
    "105mm NATO": ("artillery", 2, 0.02, 1_500, 6_000),
    "GMLRS": ("long_range_strike", 2, 0.31, 170_000, 200),
    "PAC-3": ("air_defence", 2, 0.32, 4_000_000, 40),
    "IRIS-T SL": ("air_defence", 2, 0.09, 400_000, 60),
    "AIM-120/AMRAAM": ("air_defence", 2, 0.16, 1_000_000, 80),
    "Stinger/Piorun": ("air_defence", 2, 0.016, 200_000, 300),
    "120mm tank": ("armour", 2, 0.02, 8_000, 3_000),
    "125mm tank": ("armour", 2, 0.022, 5_000, 3_000),
    "FPV munition": ("drones", 3, 0.003, 400, 50_000),
}
CODES = {
    "air_defence": "AD",
    "artillery": "ART",
    "armour": "ARM",
    "air_force": "AF",
    "maritime": "MAR",
    "drones": "UAV",
    "demining": "DEM",
    "it": "IT",
    "long_range_strike": "LRS",
    "logistics": "LOG",
    "medical": "MED",
    "engineering": "ENG",
}
HUBS = ["Rzeszow-Jasionka", "LEN-R Campia Turzii", "Constanta port", "Suwalki rail"]
CHANNELS = ["national", "fund", "PURL"]


def _catalogue(
    rng: random.Random,
) -> tuple[list[dict[str, Any]], list[list[str]], dict[str, list[str]]]:
    types: list[dict[str, Any]] = []
    clusters: list[list[str]] = []
    for area, (n_clusters, per_cluster, (lo, hi), (plo, phi)) in AREAS.items():
        for c in range(n_clusters):
            cluster = []
            for t in range(rng.randint(1, per_cluster)):
                ident = f"{CODES[area]}-{c + 1:02d}{chr(65 + t)}"
                cluster.append(ident)
                types.append(
                    {
                        "id": ident,
                        "name": f"{area.replace('_', ' ')} system {c + 1}{chr(65 + t)}",
                        "capability_area": area,
                        "unit_mass_t": round(math.exp(rng.uniform(math.log(lo), math.log(hi))), 3),
                        "unit_price_eur": None
                        if rng.random() < 0.15
                        else round(math.exp(rng.uniform(math.log(plo), math.log(phi))), -2),
                        "in_fleet": rng.random() < 0.85,
                    }
                )
            clusters.append(cluster)
    families: dict[str, list[str]] = {}
    for family, (area, n, mass, price, _) in FAMILIES.items():
        members = []
        for t in range(n):
            ident = f"AMMO-{family.split()[0].replace('/', '-')}-{t + 1}"
            members.append(ident)
            types.append(
                {
                    "id": ident,
                    "name": f"{family} round type {t + 1}",
                    "capability_area": area,
                    "unit_mass_t": round(mass * rng.uniform(0.8, 1.2), 4),
                    "unit_price_eur": round(price * rng.uniform(0.7, 1.4), -1),
                    "in_fleet": rng.random() < 0.9,
                }
            )
        families[family] = members
    return types, clusters, families


def generate(
    scale: float = 1.0, seed: int = 1, horizon: int = 24, hub_margin: float = 1.1
) -> dict[str, Any]:
    rng = random.Random(seed)
    types, clusters, families = _catalogue(rng)
    by_id = {t["id"]: t for t in types}
    n_req, n_tranches, n_funds = round(2000 * scale), round(20000 * scale), round(60 * scale)
    donors = [f"D{n:02d}" for n in range(1, 51)]
    donor_weight = [1 / (n + 1) ** 1.1 for n in range(len(donors))]
    donor_hub = {d: rng.choice(HUBS) for d in donors}

    requirements = []
    demand: dict[str, float] = {}
    for n in range(n_req):
        roll = rng.random()
        if roll < 0.3:
            family = rng.choice(list(FAMILIES))
            satisfied = families[family]
            typical = FAMILIES[family][4]
        elif roll < 0.65:
            satisfied = rng.choice(clusters)
            typical = 12
        else:
            satisfied = [rng.choice(rng.choice(clusters))]
            typical = 8
        quantity = max(1, round(typical * math.exp(rng.gauss(0, 0.8))))
        requirements.append(
            {
                "id": f"UA-{n + 1:05d}",
                "title": f"requirement {n + 1}",
                "quantity": quantity,
                "priority": rng.choices([1, 2, 3, 4, 5], [0.1, 0.2, 0.35, 0.2, 0.15])[0],
                "needed_by": min(horizon - 1, int(horizon * rng.betavariate(1.3, 2.2))),
                "satisfied_by": list(satisfied),
                "capability_area": by_id[satisfied[0]]["capability_area"],
            }
        )
        for t in satisfied:
            demand[t] = demand.get(t, 0.0) + quantity / len(satisfied)
    accept: dict[str, list[str]] = {}
    for r in requirements:
        for t in r["satisfied_by"]:
            accept.setdefault(t, []).append(r["id"])
    for r in rng.sample(requirements, k=round(0.02 * n_req)):
        r["claimed_by"] = rng.choices(donors, donor_weight)[0]

    offered = sorted(demand)
    chosen = rng.choices(offered, [demand[t] ** 0.7 for t in offered], k=n_tranches)
    count: dict[str, int] = {}
    for t in chosen:
        count[t] = count.get(t, 0) + 1
    supply_ratio = {t: rng.uniform(0.5, 1.3) for t in offered}
    tranches = []
    for n, item in enumerate(chosen):
        donor = rng.choices(donors, donor_weight)[0]
        mean = demand[item] * supply_ratio[item] / count[item]
        quantity = max(1, round(mean * math.exp(rng.gauss(0, 0.6) - 0.18)))
        tranche: dict[str, Any] = {
            "id": f"T-{n + 1:06d}",
            "donor": donor,
            "item_type": item,
            "quantity": quantity,
            "available": min(horizon - 1, int(horizon * rng.betavariate(1.2, 1.8))),
            "transit": rng.randint(0, 3),
            "hub": donor_hub[donor] if rng.random() < 0.9 else None,
            "announced": rng.randint(0, 10_000),
        }
        roll = rng.random()
        if roll < 0.07:
            tranche["earmark_areas"] = [by_id[item]["capability_area"]]
        elif roll < 0.10:
            tranche["earmark_requirements"] = rng.sample(
                accept[item], k=min(len(accept[item]), rng.randint(1, 3))
            )
        if rng.random() < 0.01:
            tranche["excluded_requirements"] = rng.sample(
                accept[item], k=min(len(accept[item]), rng.randint(1, 2))
            )
        tranches.append(tranche)

    priced = [t["id"] for t in types if t["unit_price_eur"] is not None and t["id"] in demand]
    us_types = rng.sample(priced, k=min(len(priced), 30))
    ammo = [t for f in families.values() for t in f if t in demand]
    funds = []
    for n in range(n_funds):
        channel = rng.choices(CHANNELS, [0.5, 0.25, 0.25])[0]
        item_types = {
            "national": lambda: rng.sample(priced, k=min(len(priced), rng.randint(8, 25))),
            "fund": lambda: list(ammo),
            "PURL": lambda: list(us_types),
        }[channel]()
        donor = rng.choices(donors, donor_weight)[0]
        funds.append(
            {
                "id": f"F-{n + 1:04d}",
                "donor": donor,
                "channel": channel,
                "amount_eur": round(math.exp(rng.gauss(math.log(8e7), 1.0)), -3),
                "available": rng.randint(0, 17),
                "lead_time": rng.randint(3, 12),
                "item_types": sorted(item_types),
                "hub": donor_hub[donor],
                "announced": rng.randint(0, 10_000),
                **({"earmark_areas": [rng.choice(list(AREAS))]} if rng.random() < 0.1 else {}),
            }
        )
    capacities = [
        {"item_type": t, "per_month": max(1, round(demand[t] / rng.uniform(20, 80)))}
        for t in priced
        if rng.random() < 0.7
    ]

    load = {h: [0.0] * horizon for h in HUBS}
    for tranche in tranches:
        month = tranche["available"] + tranche["transit"]
        if tranche["hub"] is not None and month < horizon:
            load[tranche["hub"]][month] += (
                tranche["quantity"] * by_id[tranche["item_type"]]["unit_mass_t"]
            )
    # sized for the average month with a margin: the peaks (a ship of heavy armour, a surge of pledges) bind
    hubs = [
        {"id": h, "capacity_t": round(hub_margin * sum(load[h]) / horizon + 1.0, 1)} for h in HUBS
    ]
    return {
        "parameters": {
            "horizon": horizon,
            "start": "2026-01",
            "lateness_decay": 0.8,
            "max_late": 12,
            "new_type_penalty": 0.0,
            "time_limit_s": 600.0,
            "mip_rel_gap": 1e-4,
        },
        "item_types": types,
        "requirements": requirements,
        "tranches": tranches,
        "funds": funds,
        "capacities": capacities,
        "hubs": hubs,
        "meta": {"generator": "benchmarks/generate.py", "scale": str(scale), "seed": str(seed)},
    }


def _prefixed(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    """One region's instance with every id (types, requirements, offers, hubs, donors) made its own."""

    def ids(values: list[str]) -> list[str]:
        return [prefix + v for v in values]

    out: dict[str, Any] = json.loads(json.dumps(data))
    for t in out["item_types"]:
        t["id"] = prefix + t["id"]
    for r in out["requirements"]:
        r["id"] = prefix + r["id"]
        r["satisfied_by"] = ids(r["satisfied_by"])
        if r.get("claimed_by"):
            r["claimed_by"] = prefix + r["claimed_by"]
    for section in ("tranches", "funds"):
        for o in out[section]:
            o["id"], o["donor"] = prefix + o["id"], prefix + o["donor"]
            for key in ("earmark_requirements", "excluded_requirements", "item_types"):
                if key in o:
                    o[key] = ids(o[key])
            if o.get("item_type"):
                o["item_type"] = prefix + o["item_type"]
            if o.get("hub"):
                o["hub"] = prefix + o["hub"]
    for c in out["capacities"]:
        c["item_type"] = prefix + c["item_type"]
    for h in out["hubs"]:
        h["id"] = prefix + h["id"]
    return out


def generate_regions(
    scale: float, seed: int, regions: int, horizon: int = 24, hub_margin: float = 1.1
) -> dict[str, Any]:
    """`regions` independent instances of scale / regions each in one file: no item type, hub, donor or
    fund is shared, so the instance falls into `regions` parts that no row links (a benchmark of several
    workers sharing one run; the national shape itself is one part: docs/deployment.md)."""
    if regions <= 1:
        return generate(scale, seed, horizon, hub_margin)
    parts = [
        _prefixed(generate(scale / regions, seed + n, horizon, hub_margin), f"R{n + 1}-")
        for n in range(regions)
    ]
    out = parts[0]
    for part in parts[1:]:
        for section in ("item_types", "requirements", "tranches", "funds", "capacities", "hubs"):
            out[section].extend(part[section])
    out["meta"] = {**out["meta"], "seed": str(seed), "scale": str(scale), "regions": str(regions)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="1 = national: 2,000 requirements x 20,000 tranches",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--horizon", type=int, default=24)
    parser.add_argument(
        "--hub-margin", type=float, default=1.1, help="hub capacity / average monthly load"
    )
    parser.add_argument(
        "--regions", type=int, default=1, help="independent regions sharing the scale (default 1)"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = generate_regions(args.scale, args.seed, args.regions, args.horizon, args.hub_margin)
    args.out.write_text(json.dumps(data))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
