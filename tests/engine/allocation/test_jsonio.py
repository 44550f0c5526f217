"""The JSON instance format: a bad file gets an error naming the entry; a good one goes there and back."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from nsatu.engine.allocation import InstanceError, instance_to_dict, load_instance

GOOD: dict[str, Any] = {
    "parameters": {"horizon": 12, "start": "2026-01", "lateness_decay": 0.8, "max_late": 6},
    "item_types": [
        {
            "id": "M109",
            "capability_area": "artillery",
            "unit_mass_t": 27.5,
            "unit_price_eur": 3500000,
        },
        {
            "id": "155-HE",
            "capability_area": "artillery",
            "unit_mass_t": 0.047,
            "unit_price_eur": 4000,
        },
    ],
    "requirements": [
        {
            "id": "UA-1",
            "quantity": 12,
            "priority": 1,
            "needed_by": 2,
            "satisfied_by": ["M109"],
            "capability_area": "artillery",
        },
        {"id": "UA-2", "quantity": 9000, "priority": 2, "needed_by": 4, "satisfied_by": ["155-HE"]},
    ],
    "tranches": [
        {
            "id": "T-1",
            "donor": "DEU",
            "item_type": "M109",
            "quantity": 6,
            "available": 1,
            "transit": 1,
            "hub": "RZE",
        },
        {
            "id": "T-2",
            "donor": "POL",
            "item_type": "155-HE",
            "quantity": 5000,
            "available": 0,
            "excluded_requirements": ["UA-1"],
        },
    ],
    "funds": [
        {
            "id": "F-1",
            "donor": "NOR",
            "amount_eur": 20000000,
            "available": 0,
            "lead_time": 3,
            "channel": "PURL",
        }
    ],
    "capacities": [{"item_type": "155-HE", "per_month": 2000}],
    "hubs": [{"id": "RZE", "capacity_t": 400}],
}


def _load(mutate: Any) -> InstanceError:
    data = copy.deepcopy(GOOD)
    mutate(data)
    with pytest.raises(InstanceError) as caught:
        load_instance(json.dumps(data))
    return caught.value


def test_a_good_file_loads_and_round_trips() -> None:
    inst = load_instance(json.dumps(GOOD))
    assert inst.requirements[1].capability_area == "other" and inst.tranches[
        1
    ].excluded_requirements == ("UA-1",)
    again = load_instance(json.dumps(instance_to_dict(inst)))
    assert again == inst


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InstanceError) as caught:
        load_instance('{\n  "item_types": [\n    {"id": "A",}\n  ]\n}')
    # Python 3.13 points at the trailing comma (column 15), earlier versions at the brace after it (16).
    assert caught.value.where in ("line 3, column 15", "line 3, column 16")
    assert "malformed JSON" in str(caught.value)


def test_needed_by_before_month_zero() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["requirements"][1]["needed_by"] = -2
        d["requirements"][1]["id"] = "UA-7"

    error = _load(mutate)
    assert str(error) == 'requirements[1] (id "UA-7").needed_by: -2 is before month 0'


@pytest.mark.parametrize(
    ("mutate", "where", "says"),
    [
        (
            lambda d: d["requirements"][0]["satisfied_by"].append("LEOPARD"),
            'requirements[0] (id "UA-1").satisfied_by[1]',
            'unknown item type "LEOPARD"',
        ),
        (
            lambda d: d["tranches"][0].update(item_type="LEOPARD"),
            'tranches[0] (id "T-1").item_type',
            'unknown item type "LEOPARD"',
        ),
        (
            lambda d: d["funds"][0].update(item_types=["LEOPARD"]),
            'funds[0] (id "F-1").item_types[0]',
            'unknown item type "LEOPARD"',
        ),
        (
            lambda d: d["tranches"][1].update(quantity=-5),
            'tranches[1] (id "T-2").quantity',
            "-5 is not a positive quantity",
        ),
        (
            lambda d: d["requirements"][0].update(quantity=0),
            'requirements[0] (id "UA-1").quantity',
            "0 is not a positive quantity",
        ),
        (
            lambda d: d["funds"][0].update(amount_eur=0),
            'funds[0] (id "F-1").amount_eur',
            "0.0 is not a positive amount",
        ),
        (
            lambda d: d["requirements"][1].update(priority=6),
            'requirements[1] (id "UA-2").priority',
            "6 is not one of 1..5",
        ),
        (
            lambda d: d["tranches"][1].update(id="T-1"),
            'tranches[1] (id "T-1").id',
            "duplicate id, already used by tranches[0]",
        ),
        (
            lambda d: d["tranches"][0].update(available=12),
            'tranches[0] (id "T-1").available',
            "beyond the horizon",
        ),
        (
            lambda d: d["tranches"][0].update(hub="CONSTANTA"),
            'tranches[0] (id "T-1").hub',
            'unknown hub "CONSTANTA"',
        ),
        (
            lambda d: d["tranches"][1].update(excluded_requirements=["UA-9"]),
            'tranches[1] (id "T-2").excluded_requirements[0]',
            'unknown requirement "UA-9"',
        ),
        (
            lambda d: d["requirements"][0].update(quantity="twelve"),
            'requirements[0] (id "UA-1").quantity',
            'expected a whole number, got a string "twelve"',
        ),
        (lambda d: d["tranches"][0].update(qty=6), 'tranches[0] (id "T-1").qty', "unknown field"),
        (
            lambda d: d["tranches"][0].pop("donor"),
            'tranches[0] (id "T-1")',
            "missing field 'donor'",
        ),
        (
            lambda d: d["parameters"].update(lateness_decay=1.5),
            "parameters.lateness_decay",
            "not in (0, 1]",
        ),
        (
            lambda d: d["capacities"][0].update(per_month=-1),
            'capacities[0] (item type "155-HE").per_month',
            "negative",
        ),
        (lambda d: d["hubs"][0].update(capacity_t=-3), 'hubs[0] (id "RZE").capacity_t', "negative"),
        (lambda d: d.update(tranche=[]), "tranche", "unknown section"),
    ],
)
def test_each_bad_entry_is_named(mutate: Any, where: str, says: str) -> None:
    error = _load(mutate)
    assert error.where == where
    assert says in error.message
