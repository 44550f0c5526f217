"""Resilience scenarios: what coverage is left when donors step back.

Supply is what serves requirements: units already fielded (the fleet register) and undelivered units of
pledges, each with an arrival date (tranche availability plus transit; undated quantities arrive on the
as-of date). Only arrivals on or before the horizon count.

Rules act on a donor's undelivered supply only: what is delivered is history and stays. Per donor they apply
in this order, at most one of each kind:
    delay(N)         every arrival moves N months later (and may fall past the horizon);
    withdraw(date)   every arrival on or after the date stops counting;
    cap(amount)      counted in arrival order (firm before announced, in kind before funds on the same
                     date), supply stops where the running total would pass the amount (the line that
                     crosses it is cut to the whole units that fit).
                     In EUR, a unit's value is its pledge's value per unit or the type's reference value;
                     units without a known value are kept and reported as unvalued.

Coverage (firm: committed, allocated, delivered; announced is shown apart):
    1. pledges earmarked for a requirement serve that requirement, all of them (the excess is over-coverage);
    2. the rest is pooled per item type, in the order: fielded first, then by arrival, donor and line;
    3. requirements, most pressing first (priority, needed-by, reference), take from the pools of the types
       that serve them (their own type first, then its substitutes; for an ammunition family, the types that
       provide it) until their quantity is met;
    4. announced supply then fills what gaps remain, in the same way, and is reported as `announced`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

WITHDRAW = "withdraw"
DELAY = "delay"
CAP = "cap"
KINDS = (DELAY, WITHDRAW, CAP)  # the order rules apply in
EUR = "EUR"
UNITS = "units"
ZERO = Decimal(0)


class ScenarioError(ValueError):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Need:
    id: int
    reference: str
    capability_area: str
    quantity: Decimal
    priority: int
    eligible: tuple[int, ...]  # item types that serve it, preferred first
    needed_by: dt.date | None = None
    title: str = ""


@dataclass(frozen=True)
class Supply:
    id: str
    donor: str
    item_id: int | None  # None: funds (they count against a cap in EUR, never toward coverage)
    quantity: Decimal  # units; EUR for funds
    delivered: bool = False
    arrival: dt.date | None = None  # undelivered only; None: undated, taken as the as-of date
    firm: bool = True
    requirement_id: int | None = None  # earmark
    unit_value_eur: Decimal | None = None
    pledge_id: int | None = None

    def arrives(self, as_of: dt.date) -> dt.date:
        return self.arrival or as_of


@dataclass(frozen=True)
class Rule:
    donor: str
    kind: str
    start: dt.date | None = None  # withdraw
    months: int = 0  # delay
    amount: Decimal | None = None  # cap
    unit: str = EUR  # cap: EUR or units

    def check(self, where: str) -> None:
        if not self.donor:
            raise ScenarioError(f"{where}.donor", "name the donor")
        if self.kind not in KINDS:
            raise ScenarioError(f"{where}.kind", f"{self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == WITHDRAW and self.start is None:
            raise ScenarioError(f"{where}.start", "a withdrawal needs the date it takes effect")
        if self.kind == DELAY and not 1 <= self.months <= 120:
            raise ScenarioError(f"{where}.months", "a delay is 1 to 120 months")
        if self.kind == CAP:
            if self.amount is None or self.amount < 0:
                raise ScenarioError(f"{where}.amount", "a cap needs an amount of 0 or more")
            if self.unit not in (EUR, UNITS):
                raise ScenarioError(f"{where}.unit", f"{self.unit!r} is not EUR or units")

    def describe(self) -> str:
        if self.kind == WITHDRAW:
            return f"{self.donor} withdraws from {self.start}"
        if self.kind == DELAY:
            return f"{self.donor} delays everything by {self.months} months"
        return f"{self.donor} caps its support at {self.amount} {self.unit}"


def check_rules(rules: Sequence[Rule]) -> None:
    seen: set[tuple[str, str]] = set()
    for n, rule in enumerate(rules):
        rule.check(f"rules[{n}]")
        if (rule.donor, rule.kind) in seen:
            raise ScenarioError(f"rules[{n}]", f"{rule.donor} already has a {rule.kind} rule")
        seen.add((rule.donor, rule.kind))


@dataclass(frozen=True)
class RuleEffect:
    rule: Rule
    lines: int  # supply lines it changed
    units_stopped: Decimal
    units_delayed: Decimal
    eur_stopped: Decimal
    unvalued_units: Decimal  # cap in EUR: units kept because no value is known


def _unit_value(line: Supply) -> Decimal | None:
    if line.item_id is None:
        return Decimal(1)
    return line.unit_value_eur


def _cap(lines: list[Supply], rule: Rule, as_of: dt.date) -> tuple[list[Supply], RuleEffect]:
    assert rule.amount is not None
    left = rule.amount
    kept: list[Supply] = []
    stopped = eur = unvalued = ZERO
    changed = 0
    for line in sorted(
        lines, key=lambda s: (not s.firm, s.arrives(as_of), s.item_id is None, s.id)
    ):
        if rule.unit == UNITS:
            if line.item_id is None:
                kept.append(line)
                continue
            take = min(line.quantity, max(left, ZERO)).to_integral_value(ROUND_FLOOR)
            left -= take
        else:
            value = _unit_value(line)
            if value is None or value <= 0:
                unvalued += line.quantity
                kept.append(line)
                continue
            fits = (
                (max(left, ZERO) / value).to_integral_value(ROUND_FLOOR)
                if line.item_id is not None
                else left
            )
            take = min(line.quantity, max(fits, ZERO))
            left -= take * value
            eur += (line.quantity - take) * value
        if take < line.quantity:
            changed += 1
            stopped += line.quantity - take if line.item_id is not None else ZERO
        if take > 0:
            kept.append(replace(line, quantity=take))
    return kept, RuleEffect(rule, changed, stopped, ZERO, eur, unvalued)


def _apply_one(lines: list[Supply], rule: Rule, as_of: dt.date) -> tuple[list[Supply], RuleEffect]:
    if rule.kind == DELAY:
        moved = [replace(s, arrival=add_months(s.arrives(as_of), rule.months)) for s in lines]
        units = sum((s.quantity for s in lines if s.item_id is not None), ZERO)
        return moved, RuleEffect(rule, len(lines), ZERO, units, ZERO, ZERO)
    if rule.kind == WITHDRAW:
        assert rule.start is not None
        start = rule.start
        kept = [s for s in lines if s.arrives(as_of) < start]
        gone = [s for s in lines if s.arrives(as_of) >= start]
        units = sum((s.quantity for s in gone if s.item_id is not None), ZERO)
        eur = sum((s.quantity * v for s in gone if (v := _unit_value(s)) is not None), ZERO)
        return kept, RuleEffect(rule, len(gone), units, ZERO, eur, ZERO)
    return _cap(lines, rule, as_of)


def apply_rules(
    supply: Iterable[Supply], rules: Sequence[Rule], *, as_of: dt.date
) -> tuple[list[Supply], list[RuleEffect]]:
    check_rules(rules)
    by_donor: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_donor[rule.donor].append(rule)
    result: list[Supply] = []
    pending: dict[str, list[Supply]] = defaultdict(list)
    for line in supply:
        if line.delivered or line.donor not in by_donor:
            result.append(line)
        else:
            pending[line.donor].append(line)
    effects: list[RuleEffect] = []
    for donor, donor_rules in by_donor.items():
        lines = pending.get(donor, [])
        for rule in sorted(donor_rules, key=lambda r: KINDS.index(r.kind)):
            lines, effect = _apply_one(lines, rule, as_of)
            effects.append(effect)
        result.extend(lines)
    order = {id(r): n for n, r in enumerate(rules)}
    effects.sort(key=lambda e: order.get(id(e.rule), 0))
    return result, effects


@dataclass(frozen=True)
class NeedCoverage:
    need: Need
    firm: Decimal
    announced: Decimal  # what announced supply would add, up to the remaining gap
    delivered: Decimal  # part of `firm` already fielded
    by_donor: tuple[tuple[str, Decimal], ...]  # firm units per donor, largest first

    @property
    def covered(self) -> Decimal:
        return min(self.firm, self.need.quantity)

    @property
    def share(self) -> Decimal:
        return self.covered / self.need.quantity if self.need.quantity > 0 else ZERO

    @property
    def gap(self) -> Decimal:
        return max(self.need.quantity - self.firm, ZERO)

    @property
    def over(self) -> Decimal:
        return max(self.firm - self.need.quantity, ZERO)


@dataclass(frozen=True)
class AreaCoverage:
    capability_area: str
    requirements: int
    quantity: Decimal
    covered: Decimal  # firm, capped at each requirement's quantity
    announced: Decimal
    by_donor: tuple[tuple[str, Decimal], ...]
    share_sum: Decimal = ZERO  # sum of the requirements' own covered shares

    @property
    def share(self) -> Decimal:
        """Units covered over units needed (dominated by the requirement counted in the most units)."""
        return self.covered / self.quantity if self.quantity > 0 else ZERO

    @property
    def mean_share(self) -> Decimal:
        """The requirements' covered shares averaged, each requirement counting once whatever its unit."""
        return self.share_sum / self.requirements if self.requirements else ZERO


@dataclass(frozen=True)
class CoverageResult:
    requirements: tuple[NeedCoverage, ...]
    areas: tuple[AreaCoverage, ...]
    unused: tuple[tuple[int, Decimal], ...]  # firm units per item type that no requirement took
    beyond_horizon: Decimal  # undelivered units arriving after the horizon

    def of(self, need_id: int) -> NeedCoverage:
        return next(c for c in self.requirements if c.need.id == need_id)

    def area(self, name: str) -> AreaCoverage | None:
        return next((a for a in self.areas if a.capability_area == name), None)


@dataclass
class _Slot:
    line: Supply
    left: Decimal


@dataclass
class _Pool:
    slots: list[_Slot] = field(default_factory=list)

    def take(self, wanted: Decimal, donors: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
        """Take up to `wanted` units in pool order; returns (taken, of which already fielded)."""
        taken = fielded = ZERO
        for slot in self.slots:
            if wanted <= 0:
                break
            part = min(slot.left, wanted)
            if part <= 0:
                continue
            slot.left -= part
            wanted -= part
            taken += part
            donors[slot.line.donor] += part
            if slot.line.delivered:
                fielded += part
        return taken, fielded


def _order(needs: Iterable[Need]) -> list[Need]:
    return sorted(needs, key=lambda n: (n.priority, n.needed_by or dt.date.max, n.reference))


def _pass(
    needs: list[Need], lines: list[Supply], wanted: dict[int, Decimal]
) -> tuple[dict[int, Decimal], dict[int, dict[str, Decimal]], dict[int, Decimal], dict[int, _Pool]]:
    taken: dict[int, Decimal] = defaultdict(Decimal)
    donors: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    ids = {n.id for n in needs}
    pools: dict[int, _Pool] = defaultdict(_Pool)
    for line in lines:
        if line.item_id is None:
            continue
        if line.requirement_id is not None:
            if line.requirement_id in ids:
                taken[line.requirement_id] += line.quantity
                donors[line.requirement_id][line.donor] += line.quantity
                if line.delivered:
                    delivered[line.requirement_id] += line.quantity
            continue
        pools[line.item_id].slots.append(_Slot(line, line.quantity))
    for need in needs:
        for item_id in need.eligible:
            left = wanted[need.id] - taken[need.id]
            if left <= 0:
                break
            if item_id in pools:
                got, fielded = pools[item_id].take(left, donors[need.id])
                taken[need.id] += got
                delivered[need.id] += fielded
    return taken, donors, delivered, pools


def coverage(
    needs: Iterable[Need], supply: Iterable[Supply], *, as_of: dt.date, horizon: dt.date
) -> CoverageResult:
    ordered = _order(needs)
    counted: list[Supply] = []
    beyond = ZERO
    for line in supply:
        if line.delivered or line.arrives(as_of) <= horizon:
            counted.append(line)
        elif line.item_id is not None:
            beyond += line.quantity
    counted.sort(key=lambda s: (not s.delivered, s.arrives(as_of), s.donor, s.id))
    firm_lines = [s for s in counted if s.firm]
    firm, donors, delivered, pools = _pass(ordered, firm_lines, {n.id: n.quantity for n in ordered})
    gaps = {n.id: max(n.quantity - firm[n.id], ZERO) for n in ordered}
    announced, _d, _v, _p = _pass(ordered, [s for s in counted if not s.firm], gaps)
    results = tuple(
        NeedCoverage(
            n,
            firm[n.id],
            min(announced[n.id], gaps[n.id]),
            delivered[n.id],
            tuple(
                sorted(
                    ((d, q) for d, q in donors[n.id].items() if q > 0),
                    key=lambda dq: (-dq[1], dq[0]),
                )
            ),
        )
        for n in ordered
    )
    unused: dict[int, Decimal] = defaultdict(Decimal)
    for item_id, pool in pools.items():
        unused[item_id] += sum((slot.left for slot in pool.slots), ZERO)
    return CoverageResult(
        results, _areas(results), tuple(sorted((i, q) for i, q in unused.items() if q > 0)), beyond
    )


def _areas(results: Iterable[NeedCoverage]) -> tuple[AreaCoverage, ...]:
    rows: dict[str, list[NeedCoverage]] = defaultdict(list)
    for c in results:
        rows[c.need.capability_area].append(c)
    areas = []
    for area in sorted(rows):
        donors: dict[str, Decimal] = defaultdict(Decimal)
        for c in rows[area]:
            for donor, q in c.by_donor:
                donors[donor] += q
        areas.append(
            AreaCoverage(
                area,
                len(rows[area]),
                sum((c.need.quantity for c in rows[area]), ZERO),
                sum((c.covered for c in rows[area]), ZERO),
                sum((c.announced for c in rows[area]), ZERO),
                tuple(sorted(donors.items(), key=lambda dq: (-dq[1], dq[0]))),
                sum((c.share for c in rows[area]), ZERO),
            )
        )
    return tuple(areas)


@dataclass(frozen=True)
class Delta:
    key: str  # capability area or requirement reference
    label: str
    quantity: Decimal
    base: Decimal
    scenario: Decimal
    base_mean: Decimal = (
        ZERO  # mean of the requirements' shares (areas); the share itself (requirements)
    )
    scenario_mean: Decimal = ZERO

    @property
    def change(self) -> Decimal:
        return self.scenario - self.base

    @property
    def base_share(self) -> Decimal:
        return self.base / self.quantity if self.quantity > 0 else ZERO

    @property
    def scenario_share(self) -> Decimal:
        return self.scenario / self.quantity if self.quantity > 0 else ZERO

    @property
    def share_change(self) -> Decimal:
        return self.scenario_share - self.base_share

    @property
    def mean_change(self) -> Decimal:
        return self.scenario_mean - self.base_mean


@dataclass(frozen=True)
class Comparison:
    rules: tuple[Rule, ...]
    as_of: dt.date
    horizon: dt.date
    baseline: CoverageResult
    scenario: CoverageResult
    effects: tuple[RuleEffect, ...]
    by_area: tuple[Delta, ...]
    by_requirement: tuple[Delta, ...]

    @property
    def requirement_rows(self) -> list[tuple[NeedCoverage, Delta]]:
        """Each requirement's baseline coverage beside its delta, most pressing first."""
        return list(zip(self.baseline.requirements, self.by_requirement, strict=True))

    @property
    def total(self) -> Delta:
        return Delta(
            "total",
            "total",
            sum((d.quantity for d in self.by_area), ZERO),
            sum((d.base for d in self.by_area), ZERO),
            sum((d.scenario for d in self.by_area), ZERO),
        )


def compare(
    needs: Sequence[Need],
    supply: Sequence[Supply],
    rules: Sequence[Rule],
    *,
    as_of: dt.date,
    horizon: dt.date,
) -> Comparison:
    if horizon < as_of:
        raise ScenarioError("horizon", "the horizon must not be before the as-of date")
    base = coverage(needs, supply, as_of=as_of, horizon=horizon)
    changed, effects = apply_rules(supply, rules, as_of=as_of)
    scen = coverage(needs, changed, as_of=as_of, horizon=horizon)
    by_area = []
    for a in base.areas:
        s = scen.area(a.capability_area)
        by_area.append(
            Delta(
                a.capability_area,
                a.capability_area,
                a.quantity,
                a.covered,
                s.covered if s else ZERO,
                a.mean_share,
                s.mean_share if s else ZERO,
            )
        )
    by_requirement = tuple(
        Delta(
            c.need.reference,
            c.need.title,
            c.need.quantity,
            c.covered,
            scen.of(c.need.id).covered,
            c.share,
            scen.of(c.need.id).share,
        )
        for c in base.requirements
    )
    return Comparison(
        tuple(rules), as_of, horizon, base, scen, tuple(effects), tuple(by_area), by_requirement
    )
