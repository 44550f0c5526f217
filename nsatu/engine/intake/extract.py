"""Text -> candidate claims: who pledges what to whom, when, and whether it is a new pledge at all.

Every sum of money and every number in front of a piece of equipment is a candidate; one sum and the
equipment it buys are one. Its donor is the subject of its clause, or the donor of the sentence before in the
same paragraph; `classify` then decides what the candidate is (docs/intake.md lists the rules).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nsatu.engine.intake import cues
from nsatu.engine.intake.claim import IN_KIND, NEW_PLEDGE, ClaimCandidate, ClaimObject
from nsatu.engine.intake.classify import classify
from nsatu.engine.intake.dates import find_dates
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

_FILL_WORDS = re.compile(
    r"^[\s,]*(?:new|additional|further|fresh|first|second|latest|another|a|an|the|its|their|"
    r"his|her|more|worth|of|package|aid|military|financial)*[\s,]*$",
    re.IGNORECASE,
)


@dataclass
class _Context:
    donor: PartyMention | None = None
    paragraph: int = -10


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


def _objects(money: list[MoneyMention], items: list[ItemMention], stext: str) -> list[ClaimObject]:
    objects: list[ClaimObject] = []
    previous: MoneyMention | None = None
    for m in money:
        obj = ClaimObject(m.start, m.end, money=m)
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
    objects.extend(ClaimObject(i.start, i.end, item=i) for i in counted)
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
    obj: ClaimObject,
    stext: str,
    parties: list[PartyMention],
    clause: tuple[int, int],
    recipient: str,
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
        claim = classify(
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
) -> list[ClaimObject]:
    """ "Germany will send Taurus missiles": a catalogue item, a named donor and a pledge verb, no number."""
    if not cues.PLEDGE_VERB.search(stext) or not any(
        p.code != recipient and p.how == "name" for p in parties
    ):
        return []
    return [ClaimObject(i.start, i.end, item=i) for i in items if i.item_id is not None]
