"""Allocation of pledge tranches and funds to requirements (a HiGHS LP/MIP). See docs/allocation-model.md."""

from nsatu.engine.allocation.baseline import baseline
from nsatu.engine.allocation.instance import (
    FundsOffer,
    Hub,
    Instance,
    ItemType,
    Parameters,
    ProducerCapacity,
    Requirement,
    Tranche,
    priority_weight,
)
from nsatu.engine.allocation.jsonio import (
    instance_from_dict,
    instance_to_dict,
    load_instance,
    validate_instance,
)
from nsatu.engine.allocation.plan import compare, plan_to_dict
from nsatu.engine.allocation.result import (
    InstanceError,
    Plan,
    PlanLine,
    Reason,
    Shortfall,
    SolveFailed,
    SolveStats,
)
from nsatu.engine.allocation.solve import solve

__all__ = [
    "FundsOffer",
    "Hub",
    "Instance",
    "InstanceError",
    "ItemType",
    "Parameters",
    "Plan",
    "PlanLine",
    "ProducerCapacity",
    "Reason",
    "Requirement",
    "Shortfall",
    "SolveFailed",
    "SolveStats",
    "Tranche",
    "baseline",
    "compare",
    "instance_from_dict",
    "instance_to_dict",
    "load_instance",
    "plan_to_dict",
    "priority_weight",
    "solve",
    "validate_instance",
]
