"""One candidate in its sentence, and the verdict a rule gives it: what the rules of classify.py read and return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nsatu.engine.intake.claim import ClaimObject
from nsatu.engine.intake.dates import DateMention
from nsatu.engine.intake.money import MoneyMention
from nsatu.engine.intake.parties import PartyMention
from nsatu.engine.intake.sentences import Sentence


@dataclass(frozen=True)
class Scene:
    """One candidate in its sentence: everything the rules and the claim read."""

    obj: ClaimObject
    objects: list[ClaimObject]
    stext: str
    sentence: Sentence
    clause: tuple[int, int]
    prev_end: int  # the words between the amounts before and after this one belong to it
    next_start: int
    party: PartyMention | None
    collective: str | None
    unnamed: str | None  # "another partner": a giver the text sets apart without naming it
    inherited: bool  # the party is the donor of the sentence before
    earlier: DateMention | None
    recent: DateMention | None
    opening: (
        DateMention | None
    )  # "In June 2024, …": an earlier date that opens the sentence dates all of it
    published: dt.date | None
    recipient: str
    main_donor: str | None
    parent: MoneyMention | None  # the sum named before that this amount may be a part of
    after_background: bool  # the sentence before spoke of an earlier package
    listed: bool  # an item of a list a package introduced ("Included in this package are:")

    @property
    def whole(self) -> str:
        return self.stext[self.clause[0] : self.clause[1]]

    @property
    def local(self) -> str:
        return self.stext[self.prev_end : self.next_start]


@dataclass(frozen=True)
class Verdict:
    classification: str
    code: str
    confidence: float
    params: dict[str, str]


def verdict(classification: str, code: str, confidence: float, **params: str) -> Verdict:
    return Verdict(classification, code, confidence, params)
