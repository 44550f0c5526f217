"""The JSON instance format: parsing with an error that names the entry, and the way back to a dict."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, fields
from typing import Any

from nsatu.engine.allocation.instance import (
    PRIORITIES,
    FundsOffer,
    Hub,
    Instance,
    ItemType,
    Parameters,
    ProducerCapacity,
    Requirement,
    Tranche,
)
from nsatu.engine.allocation.result import InstanceError

SECTIONS = (
    "parameters",
    "item_types",
    "requirements",
    "tranches",
    "funds",
    "capacities",
    "hubs",
    "meta",
)
REQUIRED = {
    ItemType: ("id",),
    Requirement: ("id", "quantity", "priority", "needed_by", "satisfied_by"),
    Tranche: ("id", "donor", "item_type", "quantity", "available"),
    FundsOffer: ("id", "donor", "amount_eur", "available"),
    ProducerCapacity: ("item_type", "per_month"),
    Hub: ("id", "capacity_t"),
}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _int(value: object, where: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise InstanceError(
            where, f"expected a whole number, got {_kind(value)} {json.dumps(value)}"
        )
    return int(value)


def _float(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InstanceError(where, f"expected a number, got {_kind(value)} {json.dumps(value)}")
    return float(value)


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InstanceError(where, f"expected a string, got {_kind(value)} {json.dumps(value)}")
    return value


def _opt_str(value: object, where: str) -> str | None:
    return None if value is None else _str(value, where)


def _opt_float(value: object, where: str) -> float | None:
    return None if value is None else _float(value, where)


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise InstanceError(
            where, f"expected true or false, got {_kind(value)} {json.dumps(value)}"
        )
    return value


def _strs(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InstanceError(where, f"expected a list of strings, got {_kind(value)}")
    return tuple(_str(v, f"{where}[{n}]") for n, v in enumerate(value))


PARSERS: dict[str, Callable[[object, str], Any]] = {
    "int": _int,
    "float": _float,
    "str": _str,
    "str | None": _opt_str,
    "float | None": _opt_float,
    "bool": _bool,
    "tuple[str, ...]": _strs,
}


def _entry[T](cls: type[T], raw: object, where: str) -> T:
    if not isinstance(raw, dict):
        raise InstanceError(where, f"expected an object, got {_kind(raw)}")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]  # T is bound to dataclasses only at run time
    for key in raw:
        if key not in known:
            raise InstanceError(f"{where}.{key}", f"unknown field (known: {', '.join(known)})")
    for key in REQUIRED.get(cls, ()):
        if key not in raw:
            raise InstanceError(where, f"missing field {key!r}")
    values = {
        key: PARSERS[str(known[key].type)](value, f"{where}.{key}") for key, value in raw.items()
    }
    return cls(**values)


def _label(section: str, n: int, raw: object) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f'{section}[{n}] (id "{raw["id"]}")'
    return f"{section}[{n}]"


def _section[T](data: Mapping[str, object], section: str, cls: type[T]) -> tuple[T, ...]:
    raw = data.get(section, [])
    if not isinstance(raw, list):
        raise InstanceError(section, f"expected a list, got {_kind(raw)}")
    return tuple(_entry(cls, item, _label(section, n, item)) for n, item in enumerate(raw))


def instance_from_dict(data: object) -> Instance:
    if not isinstance(data, dict):
        raise InstanceError(
            "instance", f"expected a JSON object at the top level, got {_kind(data)}"
        )
    for key in data:
        if key not in SECTIONS:
            raise InstanceError(key, f"unknown section (known: {', '.join(SECTIONS)})")
    for key in ("item_types", "requirements"):
        if key not in data:
            raise InstanceError(key, "missing section")
    parameters = _entry(Parameters, data.get("parameters", {}), "parameters")
    meta_raw = data.get("meta", {})
    if not isinstance(meta_raw, dict):
        raise InstanceError("meta", f"expected an object, got {_kind(meta_raw)}")
    meta = {str(k): _str(v, f"meta.{k}") for k, v in meta_raw.items()}
    instance = Instance(
        parameters=parameters,
        item_types=_section(data, "item_types", ItemType),
        requirements=_section(data, "requirements", Requirement),
        tranches=_section(data, "tranches", Tranche),
        funds=_section(data, "funds", FundsOffer),
        capacities=_section(data, "capacities", ProducerCapacity),
        hubs=_section(data, "hubs", Hub),
        meta=meta,
    )
    validate_instance(instance)
    return instance


def load_instance(text: str) -> Instance:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}"
        ) from exc
    return instance_from_dict(data)


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    def plain(value: object) -> Any:
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    data = asdict(instance)
    return {section: plain(data[section]) for section in SECTIONS}


class _Checker:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.horizon = instance.parameters.horizon

    def unique(self, section: str, ids: list[str]) -> None:
        seen: dict[str, int] = {}
        for n, ident in enumerate(ids):
            if not ident.strip():
                raise InstanceError(f"{section}[{n}].id", "is empty")
            if ident in seen:
                raise InstanceError(
                    f'{section}[{n}] (id "{ident}").id',
                    f"duplicate id, already used by {section}[{seen[ident]}]",
                )
            seen[ident] = n

    def month(self, where: str, value: int, name: str) -> None:
        if value < 0:
            raise InstanceError(where, f"{value} is before month 0")
        if value >= self.horizon:
            raise InstanceError(
                where, f"{name} month {value} is beyond the horizon (months 0..{self.horizon - 1})"
            )


def validate_instance(instance: Instance) -> None:
    """Everything the model relies on; raises InstanceError naming the first bad entry."""
    _validate_parameters(instance.parameters)
    check = _Checker(instance)
    check.unique("item_types", [t.id for t in instance.item_types])
    check.unique("requirements", [r.id for r in instance.requirements])
    check.unique("tranches", [t.id for t in instance.tranches])
    check.unique("funds", [f.id for f in instance.funds])
    check.unique("hubs", [h.id for h in instance.hubs])
    types = {t.id for t in instance.item_types}
    requirements = {r.id for r in instance.requirements}
    hubs = {h.id for h in instance.hubs}
    _validate_item_types(instance)
    _validate_requirements(instance, types)
    _validate_sources(instance, check, types, requirements, hubs)
    _validate_capacities(instance, types)
    _validate_hubs(instance)


def _validate_parameters(p: Parameters) -> None:
    if not 1 <= p.horizon <= 600:
        raise InstanceError("parameters.horizon", f"{p.horizon} is not between 1 and 600 months")
    if (
        len(p.start) != 7
        or p.start[4] != "-"
        or not (p.start[:4] + p.start[5:]).isdigit()
        or not 1 <= int(p.start[5:]) <= 12
    ):
        raise InstanceError("parameters.start", f"{p.start!r} is not a month written YYYY-MM")
    if not 0 < p.lateness_decay <= 1:
        raise InstanceError("parameters.lateness_decay", f"{p.lateness_decay} is not in (0, 1]")
    if p.max_late < 0:
        raise InstanceError("parameters.max_late", f"{p.max_late} is negative")
    if p.new_type_penalty < 0:
        raise InstanceError("parameters.new_type_penalty", f"{p.new_type_penalty} is negative")
    if not p.time_limit_s > 0:
        raise InstanceError("parameters.time_limit_s", f"{p.time_limit_s} is not positive")
    if not 0 <= p.mip_rel_gap < 1:
        raise InstanceError("parameters.mip_rel_gap", f"{p.mip_rel_gap} is not in [0, 1)")


def _validate_item_types(instance: Instance) -> None:
    for n, it in enumerate(instance.item_types):
        where = f'item_types[{n}] (id "{it.id}")'
        if not it.unit_mass_t >= 0:
            raise InstanceError(f"{where}.unit_mass_t", f"{it.unit_mass_t} is negative")
        if it.unit_price_eur is not None and not it.unit_price_eur > 0:
            raise InstanceError(
                f"{where}.unit_price_eur",
                f"{it.unit_price_eur} is not positive (use null for no price)",
            )


def _validate_requirements(instance: Instance, types: set[str]) -> None:
    for n, r in enumerate(instance.requirements):
        where = f'requirements[{n}] (id "{r.id}")'
        if r.quantity <= 0:
            raise InstanceError(f"{where}.quantity", f"{r.quantity} is not a positive quantity")
        if r.priority not in PRIORITIES:
            raise InstanceError(f"{where}.priority", f"{r.priority} is not one of 1..5")
        if r.needed_by < 0:
            raise InstanceError(f"{where}.needed_by", f"{r.needed_by} is before month 0")
        if not r.satisfied_by:
            raise InstanceError(f"{where}.satisfied_by", "is empty: name at least one item type")
        for k, type_id in enumerate(r.satisfied_by):
            if type_id not in types:
                raise InstanceError(f"{where}.satisfied_by[{k}]", f'unknown item type "{type_id}"')


def _validate_capacities(instance: Instance, types: set[str]) -> None:
    seen_caps: set[tuple[str, str, int]] = set()
    for n, c in enumerate(instance.capacities):
        where = f'capacities[{n}] (item type "{c.item_type}")'
        if c.item_type not in types:
            raise InstanceError(f"{where}.item_type", f'unknown item type "{c.item_type}"')
        if (c.item_type, c.producer, c.from_month) in seen_caps:
            raise InstanceError(
                f"{where}.item_type",
                "a second capacity for the same item type"
                + (f' and producer "{c.producer}"' if c.producer else "")
                + f" from month {c.from_month}",
            )
        seen_caps.add((c.item_type, c.producer, c.from_month))
        if c.from_month < 0:
            raise InstanceError(f"{where}.from_month", f"{c.from_month} is before month 0")
        if c.per_month < 0:
            raise InstanceError(f"{where}.per_month", f"{c.per_month} is negative")


def _validate_hubs(instance: Instance) -> None:
    for n, h in enumerate(instance.hubs):
        if not h.capacity_t >= 0:
            raise InstanceError(
                f'hubs[{n}] (id "{h.id}").capacity_t', f"{h.capacity_t} is negative"
            )


def _validate_sources(
    instance: Instance, check: _Checker, types: set[str], requirements: set[str], hubs: set[str]
) -> None:
    producers = {c.producer for c in instance.capacities}

    def common(where: str, source: Tranche | FundsOffer) -> None:
        if not source.donor.strip():
            raise InstanceError(f"{where}.donor", "is empty")
        check.month(f"{where}.available", source.available, "available")
        if source.hub is not None and source.hub not in hubs:
            raise InstanceError(f"{where}.hub", f'unknown hub "{source.hub}"')
        for name in ("earmark_requirements", "excluded_requirements"):
            for k, req in enumerate(getattr(source, name)):
                if req not in requirements:
                    raise InstanceError(f"{where}.{name}[{k}]", f'unknown requirement "{req}"')

    for n, t in enumerate(instance.tranches):
        where = f'tranches[{n}] (id "{t.id}")'
        if t.item_type not in types:
            raise InstanceError(f"{where}.item_type", f'unknown item type "{t.item_type}"')
        if t.quantity <= 0:
            raise InstanceError(f"{where}.quantity", f"{t.quantity} is not a positive quantity")
        if t.transit < 0:
            raise InstanceError(f"{where}.transit", f"{t.transit} is negative")
        common(where, t)
    for n, f in enumerate(instance.funds):
        where = f'funds[{n}] (id "{f.id}")'
        if not f.amount_eur > 0:
            raise InstanceError(f"{where}.amount_eur", f"{f.amount_eur} is not a positive amount")
        if f.lead_time < 0:
            raise InstanceError(f"{where}.lead_time", f"{f.lead_time} is negative")
        for k, type_id in enumerate(f.item_types):
            if type_id not in types:
                raise InstanceError(f"{where}.item_types[{k}]", f'unknown item type "{type_id}"')
        if f.producer and f.producer not in producers:
            raise InstanceError(f"{where}.producer", f'no capacity names producer "{f.producer}"')
        common(where, f)
