"""The reconciled aid ledger: every record that reports one donation attaches to one aid line.

CONTRACT (written first; the implementation fills the function bodies and keeps these names and fields).

An *attestation* is one source record of a donation: a row of the Kiel weapons table, of SIPRI or Oryx, a
confirmed intake claim, a pledge entered by a liaison, or an illustrative offer of the demo scenario. The
matcher compares attestations pairwise (same donor and recipient, same kind, then item type, ammunition or
maintenance family and designation keys, quantities, dates) and gives a score in [0, 1] with its reasons:

    score >= LINK_AT      the two are linked automatically (reason listed, never silent: the line shows it);
    PROPOSE_AT <= score   the pair is *proposed*: a coordinator confirms (link) or splits (keep apart);
    below                 unrelated.

Two attestations of the same imported dataset are never linked (the source lists them as separate records),
except by a coordinator's explicit confirmation. A line holds at most one attestation per imported dataset
unless a coordinator confirmed more. Decisions override the matcher both ways and can be withdrawn.
Lines are the connected groups of links; an attestation no one links is a line of its own. Nothing is
merged or lost: every attestation stays on its line with its own figures.

Figures of a line (never summed across attestations, which report the same donation):
    committed = the first stated in precedence order: entered in the system (the donor's own figure: the sum
                of its entries), SIPRI number ordered, Kiel number, Oryx count, intake claim;
                never less than `delivered`;
    delivered = SIPRI number delivered if stated, else Oryx count when flagged delivered, else 0
                (deliveries recorded in nsatu's own logistics are added by the coverage, not here);
    announced = max(committed, quantities of attestations still only announced);
    an illustrative *remainder* offer (the open part of a line offered to a plan) attests the line but
    adds nothing to its committed figure: it is part of it.
`disagreements` lists the stages where the attestations' own figures differ (SIPRI 18 delivered, Oryx 20).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

LINK_AT = 0.8
PROPOSE_AT = 0.5

ENTERED = ""  # a pledge entered in the system (by a liaison, through the API or a form)
SIPRI = "sipri"
KIEL = "kiel-weapons"
ORYX = "oryx"
INTAKE = "intake"
REMAINDER = "planning-scenario"  # the demo's illustrative offers of open remainders
PRECEDENCE = (ENTERED, SIPRI, KIEL, ORYX, INTAKE)


@dataclass(frozen=True)
class Attestation:
    pledge_id: int
    dataset: str  # one of the constants above, or another dataset key (ranked after INTAKE)
    donor: str  # party code
    recipient: str
    kind: str  # "in_kind" | "funds"
    item_id: int | None
    families: tuple[str, ...] = ()  # ammunition / maintenance family keys of the item type
    keys: tuple[str, ...] = ()  # designation keys (engine.designations.name_keys) of item and text
    quantity: int | None = None  # ordered / committed / counted
    delivered: int | None = None  # delivered as reported by the source
    status: str = (
        "committed"  # the pledge status: announced | committed | allocated | delivered | withdrawn
    )
    announced_on: dt.date | None = None
    year: int | None = None
    value_eur: Decimal | None = None
    requirement_id: int | None = None  # earmark
    illustrative: bool = False
    row: int | None = None  # source row, for display

    @property
    def firm(self) -> bool:
        return self.status in ("committed", "allocated", "delivered")


@dataclass(frozen=True)
class Match:
    first: int  # pledge id, first < second
    second: int
    score: float
    reasons: tuple[str, ...]
    decided: str = ""  # "" (the matcher's), "confirm" or "split" (a coordinator's)


@dataclass(frozen=True)
class Decision:
    first: int
    second: int
    link: bool  # True: confirmed as one donation; False: split, kept apart


@dataclass(frozen=True)
class Figure:
    dataset: str
    pledge_id: int
    stage: str  # "committed" | "delivered" | "announced"
    value: int


@dataclass(frozen=True)
class AidLine:
    id: str  # "L" + the smallest pledge id of the line: stable while that attestation stays on it
    donor: str
    recipient: str
    kind: str
    item_id: int | None
    attestations: tuple[Attestation, ...]
    links: tuple[Match, ...]  # the links that hold the line together
    announced: int
    committed: int
    delivered: int
    value_eur: Decimal | None
    figures: tuple[Figure, ...]  # each attestation's own figures, side by side
    disagreements: tuple[str, ...]  # stages where the figures differ
    illustrative: bool  # every attestation is illustrative


@dataclass(frozen=True)
class Ledger:
    lines: tuple[AidLine, ...]
    proposals: tuple[Match, ...]  # grey-zone pairs no coordinator decided yet

    def line_of(self, pledge_id: int) -> AidLine:
        raise NotImplementedError


def match_score(a: Attestation, b: Attestation) -> Match | None:
    """The score of two attestations and why; None when they cannot be one donation at all."""
    raise NotImplementedError


def ledger_build(attestations: Iterable[Attestation], decisions: Sequence[Decision] = ()) -> Ledger:
    raise NotImplementedError
