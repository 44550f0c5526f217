"""Text -> candidate claims: who pledges what to whom, when, and whether it is a new pledge at all.

Every sum of money and every number in front of a piece of equipment is a candidate. Each is classified by
the first rule that fires (docs/intake.md lists them): a conversion of the amount before it, a loss or the other
side's figure, a cumulative total, an order of magnitude, an earlier package (a past date or words such as
"previously"), a target or request, another donor's aid named for comparison, and only then a new pledge if a
pledge verb is present. The reason names the rule and quotes the words that fired it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from nsatu.engine.intake import cues
from nsatu.engine.intake.dates import DateMention, find_dates
from nsatu.engine.intake.items import ItemMatcher, ItemMention
from nsatu.engine.intake.money import MoneyMention, find_money
from nsatu.engine.intake.parties import (
    OTHER_SIDE,
    RECIPIENT,
    PartyMention,
    collective_subject,
    find_parties,
)
from nsatu.engine.intake.sentences import Sentence, split_sentences

NEW_PLEDGE = "new_pledge"
BACKGROUND = "background"
NOT_A_PLEDGE = "not_a_pledge"
IN_KIND = "in_kind"
FUNDS = "funds"
# A date this many days before publication is an earlier announcement, not today's news.
EARLIER_AFTER_DAYS = 14
# "since 2022" starts a period that a total covers; it dates no announcement.
_SINCE_BEFORE = re.compile(r"\b(?:since|from|until|through)\s+(?:the\s+)?$", re.IGNORECASE)
_FILL_WORDS = re.compile(
    r"^[\s,]*(?:new|additional|further|fresh|first|second|latest|another|a|an|the|its|their|"
    r"his|her|more|worth|of|package|aid|military|financial)*[\s,]*$",
    re.IGNORECASE,
)


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
    "losses": "the amount counts losses or damage ({cue}), not aid",
    "other_side": "the figure belongs to {party}, the other side",
    "cumulative": "a cumulative total ({cue}), not a new pledge",
    "vague": "an order of magnitude only ({cue}), as totals are written",
    "contents": "contents of a package named before ({cue}), not a pledge of its own",
    "earlier_date": "an earlier package: the text ties the amount to {date} ({cue})",
    "earlier_words": "an earlier announcement ({cue})",
    "target": "a target, request or possibility ({cue}), not a pledge",
    "other_donor": "another donor's aid ({party}) named for comparison ({cue})",
    "no_verb": "no pledge verb near the amount",
}


def describe(code: str, params: dict[str, str]) -> str:
    try:
        return REASONS[code].format(**params)
    except (KeyError, IndexError):
        return code


@dataclass
class _Context:
    donor: PartyMention | None = None
    paragraph: int = -10


@dataclass
class _Object:
    start: int
    end: int
    money: MoneyMention | None = None
    item: ItemMention | None = None
    extra_items: list[ItemMention] = field(default_factory=list)
    conversion_of: MoneyMention | None = None


def extract_claims(
    text: str, *, matcher: ItemMatcher, published: dt.date | None = None, recipient: str = RECIPIENT
) -> list[ClaimCandidate]:
    claims: list[ClaimCandidate] = []
    context = _Context()
    for sentence in split_sentences(text):
        claims.extend(
            _sentence_claims(
                sentence, matcher=matcher, published=published, recipient=recipient, context=context
            )
        )
    return _without_repeats(claims)


def _without_repeats(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """A headline's "France to deliver CAESAR howitzers" repeats the body's "12 CAESAR howitzers": keep the body's."""

    def bare(c: ClaimCandidate) -> bool:
        return (
            c.kind == IN_KIND and c.quantity is None and c.amount is None and c.item_id is not None
        )

    return [
        c
        for c in claims
        if not bare(c)
        or not any(
            o is not c and not bare(o) and o.donor == c.donor and o.item_id == c.item_id
            for o in claims
        )
    ]


def _objects(money: list[MoneyMention], items: list[ItemMention], stext: str) -> list[_Object]:
    objects: list[_Object] = []
    previous: MoneyMention | None = None
    for m in money:
        obj = _Object(m.start, m.end, money=m)
        if (
            previous is not None
            and previous.currency != m.currency
            and m.start - previous.end <= 30
            and cues.CONVERSION_GAP.match(stext[previous.end : m.start])
        ):
            obj.conversion_of = previous
        objects.append(obj)
        previous = m
    counted = [
        i
        for i in items
        if i.quantity is not None and not any(m.start < i.end and i.start < m.end for m in money)
    ]
    primary = [o for o in objects if o.conversion_of is None]
    if len(primary) == 1 and counted:
        # One sum and the equipment it buys are one pledge, not two: the items describe the package.
        obj = primary[0]
        if len(counted) == 1:
            obj.item = counted[0]
        else:
            obj.extra_items = counted
        return objects
    objects.extend(_Object(i.start, i.end, item=i) for i in counted)
    return sorted(objects, key=lambda o: o.start)


def _clause(stext: str, at: int) -> tuple[int, int]:
    start, end = 0, len(stext)
    for match in cues.CLAUSE_BREAK.finditer(stext):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at:
            end = match.start()
            break
    return start, end


def _donor_for(
    obj: _Object, stext: str, parties: list[PartyMention], clause: tuple[int, int], recipient: str
) -> PartyMention | None:
    in_clause = [p for p in parties if clause[0] <= p.start < clause[1] and p.code != recipient]
    before = [p for p in in_clause if p.end <= obj.start]
    for party in reversed(before):
        if party.possessive and _FILL_WORDS.match(stext[party.end + 2 : obj.start]):
            return party
    # "Russia's invasion": a possessive that does not own the amount is no subject.
    before = [p for p in before if not p.possessive]
    group = collective_subject(stext[before[-1].end if before else clause[0] : obj.start])
    if group is not None:
        return None
    # The subject: the last party named before the first pledge verb that precedes the amount.
    verb = next((v for v in cues.PLEDGE_VERB.finditer(stext, clause[0], obj.start)), None)
    if verb is not None:
        subject = [p for p in before if p.end <= verb.start()]
        if subject:
            return subject[-1]
    if before:
        return before[-1]
    after = [
        p
        for p in in_clause
        if p.start >= obj.end
        and re.search(r"\b(?:from|by)\s+(?:the\s+)?$", stext[max(obj.end, p.start - 12) : p.start])
    ]
    return after[0] if after else None


def _sentence_claims(
    sentence: Sentence,
    *,
    matcher: ItemMatcher,
    published: dt.date | None,
    recipient: str,
    context: _Context,
) -> list[ClaimCandidate]:
    stext = sentence.text
    parties = find_parties(stext)
    money = find_money(stext)
    items = matcher.find(stext)
    objects = _objects(money, items, stext)
    if not objects:
        objects = _named_items_without_quantity(items, stext, parties, recipient)
    prefer = "future" if cues.FUTURE.search(stext) else "past"
    dates = find_dates(stext, reference=published, prefer=prefer)
    inherited = context.donor if sentence.paragraph - context.paragraph <= 1 else None
    claims: list[ClaimCandidate] = []
    main_donor: str | None = None
    for index, obj in enumerate(objects):
        clause = _clause(stext, obj.start)
        donor = _donor_for(obj, stext, parties, clause, recipient)
        claim = _classify(
            obj,
            index,
            objects,
            stext,
            sentence,
            clause,
            donor,
            inherited,
            dates,
            published,
            recipient,
            main_donor,
        )
        if claim.classification == NEW_PLEDGE and main_donor is None:
            main_donor = claim.donor
        claims.append(claim)
    subject = next(
        (
            p
            for p in parties
            if p.code != recipient
            and p.code not in OTHER_SIDE
            and p.how != "demonym"
            and not p.possessive
        ),
        None,
    )
    context.donor, context.paragraph = subject, sentence.paragraph
    return claims


def _named_items_without_quantity(
    items: list[ItemMention], stext: str, parties: list[PartyMention], recipient: str
) -> list[_Object]:
    """ "Germany will send Taurus missiles": a catalogue item, a named donor and a pledge verb, no number."""
    if not cues.PLEDGE_VERB.search(stext) or not any(
        p.code != recipient and p.how == "name" for p in parties
    ):
        return []
    return [_Object(i.start, i.end, item=i) for i in items if i.item_id is not None]


def _earlier_date(
    dates: list[DateMention], window: tuple[int, int], stext: str, published: dt.date | None
) -> tuple[DateMention | None, DateMention | None]:
    """(an earlier date near the amount, a recent one) relative to publication."""
    earlier = recent = None
    for d in dates:
        if not window[0] <= d.start < window[1] or _SINCE_BEFORE.search(
            stext[max(0, d.start - 12) : d.start]
        ):
            continue
        if d.value is None:
            # Without a publication date, a bare month or year ("in May") still reads as an earlier package.
            if published is None and d.precision == "month":
                earlier = earlier or d
            continue
        if published is None:
            recent = recent or d
            continue
        # A named month or year before the one of publication is an earlier package: news of the day says
        # "on Monday" or "last week", not "in May".
        if d.precision == "month":
            is_earlier = (d.value.year, d.value.month) < (published.year, published.month)
        elif d.precision == "year":
            is_earlier = d.value.year < published.year
        else:
            is_earlier = _period_end(d) < published - dt.timedelta(days=EARLIER_AFTER_DAYS)
        if is_earlier:
            earlier = earlier or d
        else:
            recent = recent or d
    return earlier, recent


def _period_end(d: DateMention) -> dt.date:
    assert d.value is not None
    if d.precision == "year":
        return dt.date(d.value.year, 12, 31)
    if d.precision == "month":
        following = (d.value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    if d.precision == "week":
        return d.value + dt.timedelta(days=6)
    return d.value


def _classify(
    obj: _Object,
    index: int,
    objects: list[_Object],
    stext: str,
    sentence: Sentence,
    clause: tuple[int, int],
    donor: PartyMention | None,
    inherited: PartyMention | None,
    dates: list[DateMention],
    published: dt.date | None,
    recipient: str,
    main_donor: str | None,
) -> ClaimCandidate:
    prev_end = max([o.end for o in objects[:index] if o.money] + [clause[0]])
    next_start = min([o.start for o in objects[index + 1 :] if o.money] + [clause[1]])
    local = stext[prev_end:next_start]
    whole = stext[clause[0] : clause[1]]
    collective = collective_subject(stext[clause[0] : obj.start]) if donor is None else None
    used_inherited = donor is None and collective is None and inherited is not None
    party = donor or (inherited if used_inherited else None)
    earlier, recent = _earlier_date(dates, (prev_end, next_start), stext, published)

    def result(classification: str, code: str, confidence: float, **params: str) -> ClaimCandidate:
        return _candidate(
            obj,
            sentence,
            party,
            collective,
            recipient,
            classification,
            code,
            params,
            confidence,
            dates=dates,
            clause=clause,
            earlier=earlier,
            recent=recent,
            published=published,
            inherited=used_inherited,
            stext=stext,
        )

    if obj.conversion_of is not None:
        return result(NOT_A_PLEDGE, "conversion", 0.9, of=obj.conversion_of.text)
    if (m := cues.LOSSES.search(whole)) is not None:
        return result(NOT_A_PLEDGE, "losses", 0.85, cue=m.group(0))
    if party is not None and party.code in OTHER_SIDE:
        return result(NOT_A_PLEDGE, "other_side", 0.85, party=party.text)
    if (m := cues.CUMULATIVE_BEFORE.search(stext, prev_end, obj.start)) is not None or (
        m := cues.CUMULATIVE_AFTER.search(stext[obj.end : next_start])
    ) is not None:
        return result(BACKGROUND, "cumulative", 0.85, cue=m.group(0).strip())
    if obj.money is not None and obj.money.vague:
        return result(BACKGROUND, "vague", 0.7, cue=obj.money.text)
    if (
        obj.money is None
        and not any(o.money for o in objects)
        and (m := cues.CONTENTS.search(whole)) is not None
    ):
        return result(BACKGROUND, "contents", 0.7, cue=m.group(0))
    if earlier is not None:
        when = (
            earlier.value.isoformat()[: 7 if earlier.precision == "month" else 10]
            if earlier.value
            else earlier.text
        )
        return result(
            BACKGROUND, "earlier_date", 0.8 if earlier.value else 0.6, date=when, cue=earlier.text
        )
    if recent is None and (m := cues.EARLIER.search(local)) is not None:
        return result(BACKGROUND, "earlier_words", 0.75, cue=m.group(0))
    if (m := cues.TARGET.search(whole)) is not None:
        return result(NOT_A_PLEDGE, "target", 0.75, cue=m.group(0))
    if (
        main_donor is not None
        and party is not None
        and party.code != main_donor
        and (m := cues.COMPARISON.search(stext[clause[0] : obj.start])) is not None
    ):
        return result(BACKGROUND, "other_donor", 0.7, party=party.text, cue=m.group(0))
    verb = cues.PLEDGE_VERB.search(whole)
    if verb is None:
        return result(NOT_A_PLEDGE, "no_verb", 0.5)
    confidence = (
        0.45 + 0.15 + (0.05 if any(p.code == recipient for p in find_parties(stext)) else 0.0)
    )
    if party is None:
        return result(
            NEW_PLEDGE, "pledge_no_donor", round(confidence - 0.25, 2), verb=verb.group(0)
        )
    confidence += 0.0 if used_inherited else 0.2
    confidence += 0.05 if cues.mechanism_in(stext) else 0.0
    confidence += (
        0.05
        if (obj.item is not None and obj.item.item_id is not None) or obj.money is not None
        else 0.0
    )
    return result(
        NEW_PLEDGE, "pledge", round(min(confidence, 0.95), 2), verb=verb.group(0), donor=party.text
    )


def _candidate(
    obj: _Object,
    sentence: Sentence,
    party: PartyMention | None,
    collective: str | None,
    recipient: str,
    classification: str,
    code: str,
    params: dict[str, str],
    confidence: float,
    *,
    dates: list[DateMention],
    clause: tuple[int, int],
    earlier: DateMention | None,
    recent: DateMention | None,
    published: dt.date | None,
    inherited: bool,
    stext: str,
) -> ClaimCandidate:
    item = obj.item
    notes: list[str] = []
    if inherited and party is not None:
        notes.append(f"donor {party.text} taken from the sentence before")
    if collective:
        notes.append(f"collective subject: {collective}")
    if item is not None and item.candidates:
        notes.append("item could be: " + "; ".join(item.candidates))
    if obj.extra_items:
        notes.append(
            "includes: "
            + "; ".join(f"{i.quantity} {i.item_name or i.text}" for i in obj.extra_items)
        )
    # "this year" or "this month" near a new pledge dates no announcement; the day of publication does better.
    when = (
        earlier
        if code == "earlier_date"
        else (
            recent
            if classification == NEW_PLEDGE and recent is not None and recent.precision == "day"
            else None
        )
    )
    if when is not None and when.value is not None:
        date_announced: dt.date | None = when.value
        precision = when.precision
    elif classification == NEW_PLEDGE and published is not None:
        date_announced, precision = published, "published"
    else:
        date_announced, precision = None, ""
    evidence_start = min(obj.start, item.start if item else obj.start)
    evidence_end = max(obj.end, item.end if item else obj.end)
    money = obj.money
    kind = IN_KIND if item is not None else FUNDS
    return ClaimCandidate(
        start=sentence.start,
        end=sentence.end,
        sentence=sentence.text,
        evidence_start=sentence.start + evidence_start,
        evidence_end=sentence.start + evidence_end,
        evidence=stext[evidence_start:evidence_end],
        kind=kind,
        classification=classification,
        reason_code=code,
        reason_params=params,
        confidence=confidence,
        donor=party.code if party is not None else None,
        donor_text=party.text if party is not None else (collective or ""),
        recipient=recipient,
        item_id=item.item_id if item else None,
        item_name=item.item_name if item else "",
        item_text=item.text if item else "",
        item_candidates=item.candidates if item else (),
        quantity=item.quantity if item else None,
        amount=money.amount if money is not None else None,
        currency=money.currency if money is not None else "",
        mechanism=cues.mechanism_in(stext),
        date_announced=date_announced,
        date_precision=precision,
        notes=tuple(notes),
    )
