"""The records of the aid ledger, its constants and the reasons a link gives (rules: the package docstring)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

LINK_AT = 0.8
PROPOSE_AT = 0.5
WINDOW_DAYS = 92

ENTERED = ""  # a pledge entered in the system (by a liaison, through the API or a form)
SIPRI = "sipri"
KIEL = "kiel-weapons"
ORYX = "oryx"
INTAKE = "intake"
REMAINDER = "planning-scenario"  # the demo's illustrative offers of open remainders
PRECEDENCE = (ENTERED, SIPRI, KIEL, ORYX, INTAKE)

FIRM = ("committed", "allocated", "delivered")
WITHDRAWN = "withdrawn"

# Points in hundredths, so that a threshold is met exactly and not by a float's last digit.
_SAME_ITEM, _ALIAS, _STEM, _FAMILY, _FUNDS = 50, 40, 30, 25, 50
# A shared leading name only: with equal quantities and close dates at most 0.75, below LINK_AT.
_PREFIX = 25
_Q_EQUAL, _Q_10, _Q_25, _Q_DIVIDES, _Q_UNKNOWN = 30, 25, 20, 15, 10
_D_EXACT, _D_YEAR, _D_UNDATED, _D_FAR = 20, 15, 10, -30

_STEM_RE = re.compile(r"\b([a-z]{1,4})[- ]?(\d{1,4})")
_WORD_RE = re.compile(r"[a-z0-9]+")
# Leading words that describe a kind of equipment, not a designation.
_NOT_A_NAME = frozenset(
    {
        "armoured",
        "armored",
        "infantry",
        "international",
        "light",
        "heavy",
        "medium",
        "mobile",
        "multiple",
        "protected",
        "tactical",
        "towed",
        "self",
        "combat",
        "portable",
        "anti",
        "surface",
        "short",
        "long",
        "large",
        "small",
        "unknown",
        "various",
        "other",
        "military",
        "engineering",
    }
)

# Why two records are (or may be) one donation, as sentences with named values. The pages translate them
# from the same English text (nsatu.aid.reasons keeps the catalogue for gettext).
REASONS = {
    "parties": "Same donor, recipient and kind.",
    "same_item": "Same item type.",
    "alias": "Same designation (%(key)s).",
    "stem": "Designations share the stem %(key)s.",
    "family": "Same ammunition family (%(key)s).",
    "prefix": "Designations begin with the same name (%(key)s).",
    "funds": "Values within 10 %% (EUR %(a)s and %(b)s).",
    "q_unknown": "One of the two states no quantity.",
    "q_equal": "Same quantity (%(a)s).",
    "q_10": "Quantities within 10 %% (%(a)s and %(b)s).",
    "q_25": "Quantities within 25 %% (%(a)s and %(b)s): registers counting at different times.",
    "q_divides": "One quantity divides the other (%(a)s and %(b)s).",
    "q_differ": "Quantities differ (%(a)s and %(b)s).",
    "undated": "At least one of the two is undated.",
    "far": "Their dates are far apart.",
    "days": "Announced %(days)s days apart.",
    "year": "Their dates fall in the same year.",
    "confirmed": "Confirmed by a coordinator.",
    "remainder": "Open remainder of this donor's item type, offered to a plan (illustrative).",
}


@dataclass(frozen=True)
class Reason:
    code: str  # a key of REASONS
    values: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return REASONS[self.code] % dict(self.values)


def _why(code: str, **values: object) -> Reason:
    return Reason(code, tuple(sorted((k, str(v)) for k, v in values.items())))


@dataclass(frozen=True)
class Attestation:
    pledge_id: int
    dataset: str  # one of the constants above, or another dataset key (ranked after INTAKE)
    donor: str  # party code
    recipient: str
    kind: str  # "in_kind" | "funds"
    item_id: int | None
    families: tuple[str, ...] = ()  # ammunition / maintenance family keys of the item type
    keys: tuple[str, ...] = ()  # designation keys (designation_keys) of item and text
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
        return self.status in FIRM

    @property
    def imported(self) -> bool:
        """From an imported register (one record per source row): at most one of its rows per line."""
        return self.dataset not in (ENTERED, REMAINDER)


@dataclass(frozen=True)
class Match:
    first: int  # pledge id, first < second
    second: int
    score: float
    reasons: tuple[str, ...]  # the sentences of `why`, in English
    decided: str = ""  # "" (the matcher's), "confirm" or "split" (a coordinator's)
    why: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Decision:
    first: int
    second: int
    link: bool  # True: confirmed as one donation; False: split, kept apart


@dataclass(frozen=True)
class Figure:
    dataset: str
    pledge_id: int
    stage: str  # "committed" | "delivered" | "announced" | "offered" (a remainder offer)
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

    def figures_of(self, pledge_id: int) -> dict[str, int]:
        return {f.stage: f.value for f in self.figures if f.pledge_id == pledge_id}

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(sorted({a.dataset for a in self.attestations}))


@dataclass(frozen=True)
class Ledger:
    lines: tuple[AidLine, ...]
    proposals: tuple[Match, ...]  # grey-zone pairs no coordinator decided yet
    index: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    # confirmations left out because they would join, through other records, two a coordinator split
    conflicts: tuple[Match, ...] = ()

    def line_of(self, pledge_id: int) -> AidLine:
        """The line an attestation is on; KeyError for a pledge the ledger does not hold (or withdrawn)."""
        at = self.index.get(pledge_id)
        if at is not None:
            return self.lines[at]
        for line in self.lines:
            if any(a.pledge_id == pledge_id for a in line.attestations):
                return line
        raise KeyError(pledge_id)

    def line(self, line_id: str) -> AidLine | None:
        if line_id.startswith("L") and line_id[1:].isdigit():
            at = self.index.get(int(line_id[1:]))
            if at is not None and self.lines[at].id == line_id:
                return self.lines[at]
        return next((line for line in self.lines if line.id == line_id), None)
