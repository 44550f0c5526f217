"""What a solve returns: the plan lines, why each requirement is not fully covered, and solver statistics."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlanLine:
    source_kind: str  # "tranche" or "funds"
    source_id: str
    donor: str
    requirement_id: str
    item_type: str
    quantity: int
    month: int  # arrival month
    hub: str | None
    value: float  # weight x lateness factor x quantity: its share of the objective
    reason: str  # why this donor and this month, in one sentence


@dataclass(frozen=True)
class Reason:
    # no_compatible_offer | arrives_late | hub_capacity | taken_by_higher_priority | funds_exhausted, and
    # not_enough_offered | new_type_avoided | unused_offer (the last only in a plan that is not optimal)
    code: str
    text: str
    months: tuple[int, ...] = ()
    hubs: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shortfall:
    requirement_id: str
    quantity: int
    covered: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SolveStats:
    status: str  # optimal | time_limit | infeasible | error
    objective: float | None
    mip_gap: float | None
    build_seconds: float
    solve_seconds: float
    columns: int
    rows: int
    components: int
    message: str = ""


@dataclass(frozen=True)
class Plan:
    lines: tuple[PlanLine, ...]
    shortfalls: tuple[Shortfall, ...]
    stats: SolveStats
    # Σ weight x covered share / Σ weight over requirements (docs/allocation-model.md §8)
    weighted_coverage: float
    on_time_share: float  # share of delivered units arriving by their needed-by month
    new_types: tuple[str, ...] = ()  # item types the plan brings into the fleet for the first time
    extra: dict[str, float] = field(default_factory=dict)


class InstanceError(ValueError):
    """A bad instance: `where` names the entry (e.g. "tranches[3].quantity")."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class SolveFailed(RuntimeError):
    """The solver did not produce a usable plan (infeasible, timed out without a solution, error)."""

    def __init__(self, stats: SolveStats) -> None:
        super().__init__(f"solve {stats.status}: {stats.message}")
        self.stats = stats
