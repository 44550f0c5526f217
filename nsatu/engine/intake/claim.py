"""A candidate claim read out of a text, its classifications, and the sentence that states its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from nsatu.engine.intake.items import ItemMention
from nsatu.engine.intake.money import MoneyMention
from nsatu.engine.intake.parties import RECIPIENT

NEW_PLEDGE = "new_pledge"
BACKGROUND = "background"
NOT_A_PLEDGE = "not_a_pledge"
IN_KIND = "in_kind"
FUNDS = "funds"


@dataclass(frozen=True)
class ClaimCandidate:
    start: int  # the sentence, as character offsets into the document text
    end: int
    sentence: str
    evidence_start: int  # the amount or item phrase itself
    evidence_end: int
    evidence: str
    kind: str
    classification: str
    reason_code: str
    reason_params: dict[str, str]
    confidence: float
    donor: str | None = None
    donor_text: str = ""
    recipient: str | None = RECIPIENT
    item_id: int | None = None
    item_name: str = ""
    item_text: str = ""
    item_candidates: tuple[str, ...] = ()
    quantity: int | None = None
    amount: Decimal | None = None
    currency: str = ""
    mechanism: str = ""
    date_announced: dt.date | None = None
    date_precision: str = ""
    notes: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return describe(self.reason_code, self.reason_params)


REASONS = {
    "pledge": "a pledge verb ({verb}) with {donor} in the same sentence",
    "pledge_no_donor": "a pledge verb ({verb}), but no donor named; assign one when reviewing",
    "conversion": "the same amount as {of}, converted into another currency",
    "civilian": "not new military aid ({cue})",
    "sale": "a sale to the recipient ({cue}), not aid",
    "mixed": "a civil and military total; its military parts are the pledges ({parts})",
    "part": "a part of {of} named before ({cue}), not a pledge of its own",
    "sum_of_parts": "the sum of the parts stated after it ({parts}), each a pledge of its own",
    "repeat": "the headline or an earlier sentence repeats this pledge",
    "losses": "the amount counts losses or damage ({cue}), not aid",
    "others_money": "money from other donors ({cue}), not this donor's pledge",
    "appropriation": "money a legislature makes available ({cue}), not a package",
    "envelope": "the larger envelope the pledge belongs to ({cue}), not a pledge of its own",
    "delivered": "a delivery of equipment pledged before ({cue}), not a new pledge",
    "other_side": "the figure belongs to {party}, the other side",
    "cumulative": "a cumulative total ({cue}), not a new pledge",
    "vague": "an order of magnitude only ({cue}), as totals are written",
    "contents": "contents of an earlier package named before ({cue}), not a new pledge",
    "earlier_date": "an earlier package: the text ties the amount to {date} ({cue})",
    "earlier_words": "an earlier announcement ({cue})",
    "target": "a target, request or possibility ({cue}), not a pledge",
    "other_donor": "another donor's aid ({party}) named for comparison ({cue})",
    "no_verb": "no pledge verb near the amount",
    "collective": "a group's sum ({cue}), no single donor's pledge",
    "financed": "a system another country sends with this donor's money ({cue}), not this donor's in-kind pledge",
    "programme": "a programme's yearly or multi-year sum ({cue}), not a package",
    "background_section": "under a background heading that recalls earlier news",
    "unlikely": "the learned filter gives it {score} as a new pledge, below its threshold (the rules read: {rule})",
    "likely": "the learned filter gives it {score} as a new pledge, above its threshold (the rules read: {rule})",
}


def describe(code: str, params: dict[str, str]) -> str:
    try:
        return REASONS[code].format(**params)
    except (KeyError, IndexError):
        return code


@dataclass
class ClaimObject:
    """An amount or a counted item in a sentence: what a claim would be about."""

    start: int
    end: int
    money: MoneyMention | None = None
    item: ItemMention | None = None
    extra_items: list[ItemMention] = field(default_factory=list)
    conversion_of: MoneyMention | None = None
