"""Resilience scenarios: what coverage is left when donors step back.

Coverage itself is the one coverage of requirements (nsatu.engine.coverage): a scenario changes the
parcels it is computed from, and `coverage_compute` runs on the changed parcels exactly as on the baseline.

Rules act on a donor's undelivered units only: what is delivered is history and stays. A parcel of a donor
with rules is cut in two: its delivered part (kept as it is) and its open part (the units that reached a
stage short of delivery), which arrives on the parcel's date (undated: the as-of date). Per donor the
rules apply in this order, at most one of each kind:
    delay(N)         every open part arrives N months later (and may fall past the horizon);
    withdraw(date)   every open part arriving on or after the date stops counting;
    cap(amount)      counted in arrival order (firm before announced, in kind before funds on the same
                     date), units stop where the running total would pass the amount (the part that
                     crosses it is cut to the whole units that fit, keeping its most advanced units).
                     In units, the amount caps each unit kind on its own (items, rounds: never added
                     together) and money is not capped. In EUR, a unit's value is its aid line's value
                     per committed unit or the type's reference value; a funds parcel (kind "funds", not a
                     missing item type) counts in euros; units without a known value are kept and
                     reported as unvalued.
Effects (units stopped, delayed, unvalued) are kept per unit kind, like every coverage total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from nsatu.engine.coverage import (
    CoverageResult,
    Need,
    Parcel,
    RequirementCoverage,
    Stages,
    coverage_compute,
)
from nsatu.engine.ledger import AidLine
from nsatu.engine.units import add_months as add_months  # re-exported: callers shift dates with it

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


def check_rules(rules: Sequence[Rule], *, donors: Collection[str] | None = None) -> None:
    """Each rule well formed, one of each kind per donor; with `donors`, every donor one of them."""
    seen: set[tuple[str, str]] = set()
    for n, rule in enumerate(rules):
        rule.check(f"rules[{n}]")
        if donors is not None and rule.donor not in donors:
            raise ScenarioError(f"rules[{n}].donor", f"{rule.donor!r} is not a known donor")
        if (rule.donor, rule.kind) in seen:
            raise ScenarioError(f"rules[{n}]", f"{rule.donor} already has a {rule.kind} rule")
        seen.add((rule.donor, rule.kind))


PerKind = tuple[tuple[str, Decimal], ...]  # (unit kind, units), by unit kind; "" when not stated


def _per_kind(parts: Iterable[tuple[str, Decimal]]) -> PerKind:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for kind, units in parts:
        if units:
            sums[kind] += units
    return tuple(sorted(sums.items()))


class MixedUnitKinds(ValueError):
    pass


def _single(per_kind: PerKind, name: str) -> Decimal:
    """The figure when one unit kind (or none) is involved; never a sum of rounds and items."""
    if len(per_kind) > 1:
        kinds = ", ".join(k or "unstated" for k, _ in per_kind)
        raise MixedUnitKinds(f"{name}: units of several kinds ({kinds}); read them per unit kind")
    return per_kind[0][1] if per_kind else ZERO


@dataclass(frozen=True)
class RuleEffect:
    rule: Rule
    lines: int  # open parts it changed
    stopped: PerKind  # units that stop counting, per unit kind (money is in eur_stopped)
    delayed: PerKind
    eur_stopped: Decimal
    unvalued: PerKind  # cap in EUR: units kept because no value is known

    # Single figures for readers of one unit kind; MixedUnitKinds when a sum would add rounds to items.
    @property
    def units_stopped(self) -> Decimal:
        return _single(self.stopped, "units_stopped")

    @property
    def units_delayed(self) -> Decimal:
        return _single(self.delayed, "units_delayed")

    @property
    def unvalued_units(self) -> Decimal:
        return _single(self.unvalued, "unvalued_units")


def unit_values(
    lines: Iterable[AidLine], item_values: Mapping[int, Decimal | None]
) -> dict[str, Decimal | None]:
    """The value in EUR of one unit of each line: its own value per committed unit, else its type's."""
    values: dict[str, Decimal | None] = {}
    for line in lines:
        if line.kind == "funds":
            values[line.id] = Decimal(1)
        elif line.item_id is None:
            values[line.id] = None  # in kind without a type: no value known, never counted as euros
        elif line.value_eur is not None and line.committed > 0:
            values[line.id] = line.value_eur / line.committed
        else:
            values[line.id] = item_values.get(line.item_id)
    return values


def _stages(**values: Decimal) -> Stages:
    return Stages(**{k: max(v, ZERO) for k, v in values.items()})


def split_delivered(parcel: Parcel) -> tuple[Parcel | None, Parcel | None]:
    """(the delivered part, the open part) of a parcel; either is None when it holds no unit."""
    s = parcel.stages
    done = s.delivered
    delivered = (
        replace(
            parcel,
            stages=Stages(done, done, done, done, done, s.in_service),
            arrives=None,
        )
        if done > 0 or s.in_service > 0
        else None
    )
    open_stages = _stages(
        announced=s.announced - done,
        committed=s.committed - done,
        allocated=s.allocated - done,
        shipped=s.shipped - done,
    )
    still_open = replace(parcel, stages=open_stages) if open_stages.announced > 0 else None
    return delivered, still_open


def _arrives(parcel: Parcel, as_of: dt.date) -> dt.date:
    return parcel.arrives or as_of


@dataclass
class _Part:
    """The firm or the announced-only share of an open part, as the cap counts it."""

    key: int  # index of the open part
    firm: bool
    units: Decimal
    arrives: dt.date
    funds: bool
    line_id: str
    unit_kind: str


def _cap(
    parts: list[Parcel], rule: Rule, as_of: dt.date, values: Mapping[str, Decimal | None]
) -> tuple[list[Parcel], RuleEffect]:
    assert rule.amount is not None
    left = rule.amount
    # a cap in units holds for each unit kind on its own: three rounds never use up three howitzers
    left_units: dict[str, Decimal] = defaultdict(lambda: rule.amount or ZERO)
    pieces: list[_Part] = []
    for n, p in enumerate(parts):
        s, when, funds = p.stages, _arrives(p, as_of), p.kind == "funds"
        if s.committed > 0:
            pieces.append(_Part(n, True, s.committed, when, funds, p.line_id, p.unit_kind))
        if s.announced > s.committed:
            pieces.append(
                _Part(n, False, s.announced - s.committed, when, funds, p.line_id, p.unit_kind)
            )
    kept_firm: dict[int, Decimal] = defaultdict(Decimal)
    kept_announced: dict[int, Decimal] = defaultdict(Decimal)
    eur = ZERO
    stopped: list[tuple[str, Decimal]] = []
    unvalued: list[tuple[str, Decimal]] = []
    changed: set[int] = set()
    for piece in sorted(pieces, key=lambda q: (not q.firm, q.arrives, q.funds, q.line_id)):
        if rule.unit == UNITS:
            if piece.funds:
                take = piece.units
            else:
                room = max(left_units[piece.unit_kind], ZERO)
                take = min(piece.units, room).to_integral_value(ROUND_FLOOR)
                left_units[piece.unit_kind] -= take
        else:
            value = Decimal(1) if piece.funds else values.get(piece.line_id)
            if value is None or value <= 0:
                unvalued.append((piece.unit_kind, piece.units))
                take = piece.units
            else:
                fits = max(left, ZERO) / value
                take = min(
                    piece.units, fits if piece.funds else fits.to_integral_value(ROUND_FLOOR)
                )
                left -= take * value
                eur += (piece.units - take) * value
        if take < piece.units:
            changed.add(piece.key)
            if not piece.funds:
                stopped.append((piece.unit_kind, piece.units - take))
        (kept_firm if piece.firm else kept_announced)[piece.key] += take
    kept: list[Parcel] = []
    for n, p in enumerate(parts):
        firm = kept_firm[n]
        s = p.stages
        stages = _stages(
            announced=firm + kept_announced[n],
            committed=firm,
            allocated=min(s.allocated, firm),
            shipped=min(s.shipped, firm),
        )
        if stages.announced > 0:
            kept.append(replace(p, stages=stages))
    effect = RuleEffect(rule, len(changed), _per_kind(stopped), (), eur, _per_kind(unvalued))
    return kept, effect


def _units(parts: Iterable[Parcel]) -> PerKind:
    """Units of in-kind aid per unit kind (money counts in euros, not units)."""
    return _per_kind((p.unit_kind, p.stages.announced) for p in parts if p.kind != "funds")


def _apply_one(
    parts: list[Parcel], rule: Rule, as_of: dt.date, values: Mapping[str, Decimal | None]
) -> tuple[list[Parcel], RuleEffect]:
    if rule.kind == DELAY:
        moved = [replace(p, arrives=add_months(_arrives(p, as_of), rule.months)) for p in parts]
        return moved, RuleEffect(rule, len(parts), (), _units(parts), ZERO, ())
    if rule.kind == WITHDRAW:
        assert rule.start is not None
        start = rule.start
        kept = [p for p in parts if _arrives(p, as_of) < start]
        gone = [p for p in parts if _arrives(p, as_of) >= start]
        eur = ZERO
        for p in gone:
            value = Decimal(1) if p.kind == "funds" else values.get(p.line_id)
            eur += p.stages.announced * value if value is not None else ZERO
        return kept, RuleEffect(rule, len(gone), _units(gone), (), eur, ())
    return _cap(parts, rule, as_of, values)


def apply_rules(
    parcels: Iterable[Parcel],
    rules: Sequence[Rule],
    *,
    as_of: dt.date,
    values: Mapping[str, Decimal | None] | None = None,
    donors: Collection[str] | None = None,
) -> tuple[list[Parcel], list[RuleEffect]]:
    """The parcels under the rules, and what each rule did; `values` are units' EUR values by line id."""
    check_rules(rules, donors=donors)
    values = values or {}
    by_donor: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_donor[rule.donor].append(rule)
    result: list[Parcel] = []
    pending: dict[str, list[Parcel]] = defaultdict(list)
    for parcel in parcels:
        if parcel.donor not in by_donor:
            result.append(parcel)
            continue
        delivered, still_open = split_delivered(parcel)
        if delivered is not None:
            result.append(delivered)
        if still_open is not None:
            pending[parcel.donor].append(still_open)
    effects: list[RuleEffect] = []
    for donor, donor_rules in by_donor.items():
        parts = pending.get(donor, [])
        for rule in sorted(donor_rules, key=lambda r: KINDS.index(r.kind)):
            parts, effect = _apply_one(parts, rule, as_of, values)
            effects.append(effect)
        result.extend(parts)
    order = {id(r): n for n, r in enumerate(rules)}
    effects.sort(key=lambda e: order.get(id(e.rule), 0))
    return result, effects


def covered(c: RequirementCoverage) -> Decimal:
    """Firm units that count toward the requirement, capped at its need."""
    return min(c.stages.committed, c.need.quantity)


def donors_of(c: RequirementCoverage) -> tuple[tuple[str, Decimal], ...]:
    """Committed units per donor that make up a requirement's coverage, largest first."""
    units: dict[str, Decimal] = defaultdict(Decimal)
    for _line, donor, stages in c.by_line:
        units[donor] += stages.committed
    return tuple(
        sorted(((d, q) for d, q in units.items() if q > 0), key=lambda dq: (-dq[1], dq[0]))
    )


@dataclass(frozen=True)
class Delta:
    key: str  # capability area or requirement reference
    label: str
    unit_kind: str
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
class RequirementRow:
    coverage: RequirementCoverage  # the baseline
    delta: Delta
    donors: tuple[tuple[str, Decimal], ...]  # committed units per donor in the baseline


@dataclass(frozen=True)
class Comparison:
    rules: tuple[Rule, ...]
    as_of: dt.date
    horizon: dt.date
    baseline: CoverageResult
    scenario: CoverageResult
    effects: tuple[RuleEffect, ...]
    by_area: tuple[Delta, ...]  # per capability area and unit kind: units of two kinds never add
    by_requirement: tuple[Delta, ...]

    @property
    def requirement_rows(self) -> list[RequirementRow]:
        """Each requirement's baseline coverage beside its delta, most pressing first."""
        return [
            RequirementRow(c, d, donors_of(c))
            for c, d in zip(self.baseline.requirements, self.by_requirement, strict=True)
        ]


def _mean_shares(result: CoverageResult) -> dict[tuple[str, str], Decimal]:
    shares: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for c in result.requirements:
        shares[(c.need.capability_area, c.need.unit_kind)].append(c.covered_share)
    return {k: sum(v, ZERO) / len(v) for k, v in shares.items()}


def compare(
    needs: Sequence[Need],
    parcels: Sequence[Parcel],
    rules: Sequence[Rule],
    *,
    as_of: dt.date,
    horizon: dt.date,
    out_of_service: Mapping[int, Decimal] | None = None,
    values: Mapping[str, Decimal | None] | None = None,
    donors: Collection[str] | None = None,
) -> Comparison:
    if horizon < as_of:
        raise ScenarioError("horizon", "the horizon must not be before the as-of date")
    changed, effects = apply_rules(parcels, rules, as_of=as_of, values=values, donors=donors)
    base = coverage_compute(needs, parcels, out_of_service=out_of_service, horizon=horizon)
    scen = coverage_compute(needs, changed, out_of_service=out_of_service, horizon=horizon)
    base_mean, scen_mean = _mean_shares(base), _mean_shares(scen)
    scen_areas = {(a.capability_area, a.unit_kind): a for a in scen.areas}
    by_area = []
    for a in base.areas:
        key = (a.capability_area, a.unit_kind)
        s = scen_areas.get(key)
        by_area.append(
            Delta(
                a.capability_area,
                a.capability_area,
                a.unit_kind,
                a.needed,
                a.stages.committed,
                s.stages.committed if s else ZERO,
                base_mean.get(key, ZERO),
                scen_mean.get(key, ZERO),
            )
        )
    by_requirement = tuple(
        Delta(
            c.need.reference,
            c.need.title,
            c.need.unit_kind,
            c.need.quantity,
            covered(c),
            covered(scen.of(c.need.requirement_id)),
            c.covered_share,
            scen.of(c.need.requirement_id).covered_share,
        )
        for c in base.requirements
    )
    return Comparison(
        tuple(rules), as_of, horizon, base, scen, tuple(effects), tuple(by_area), by_requirement
    )
