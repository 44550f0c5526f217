"""Text -> candidate claims: who pledges what to whom, when, and whether it is a new pledge at all.

Every sum of money and every number in front of a piece of equipment is a candidate; one sum and the
equipment it buys are one. Its donor is the subject of its clause, or the donor of the sentence before in the
same paragraph; `classify` then decides what the candidate is (docs/intake.md lists the rules).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from nsatu.engine.intake import cues
from nsatu.engine.intake.claim import BACKGROUND, NEW_PLEDGE, ClaimCandidate, ClaimObject
from nsatu.engine.intake.classify import classify
from nsatu.engine.intake.dates import earlier_mentioned, find_dates
from nsatu.engine.intake.items import ItemMatcher, ItemMention
from nsatu.engine.intake.learned import ClaimModel, shipped
from nsatu.engine.intake.money import MoneyMention, find_money, other_currency
from nsatu.engine.intake.packages import (
    mixed_totals,
    sums_of_parts,
    with_main_donor,
    without_repeats,
)
from nsatu.engine.intake.parties import (
    OTHER_SIDE,
    RECIPIENT,
    PartyMention,
    collective_subject,
    find_parties,
    main_party,
    sentence_subject,
    subject_position,
)
from nsatu.engine.intake.sentences import Sentence, headline_end, split_sentences

_FILL_WORDS = re.compile(
    r"^[\s,]*(?:new|additional|further|fresh|first|second|latest|another|a|an|the|its|their|"
    r"his|her|more|worth|of|package|aid|military|financial)*[\s,]*$",
    re.IGNORECASE,
)


# "Poland's offer includes 14 Leopard 2 tanks": a possessive that owns the pledge owns what it contains.
_PLEDGE_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}(?:offer|package|pledge|contribution|donation|commitment|aid|assistance)\b",
    re.IGNORECASE,
)


_OPENING_PHRASE = re.compile(
    r"(?:[^,;\"“]{0,60}?\b(?:that|said|says|stated)\s*:?\s*)?[\"“]?\s*(?:With|For|Through|Via|Worth)\b"
    r"[^,;]{0,80},\s*(?:the\s+)?",
    re.IGNORECASE,
)


@dataclass
class _Context:
    donor: PartyMention | None = None
    paragraph: int = -10
    parent: MoneyMention | None = None  # the largest new sum of the sentence before
    background: bool = False  # the sentence before spoke of an earlier package
    listing: bool = False  # "Included in this package are:" and the list items after it


class _Shipped:
    """The model in learned.WEIGHTS_FILE, if cross-validation adopted it."""


SHIPPED = _Shipped()


def extract_claims(
    text: str,
    *,
    matcher: ItemMatcher,
    published: dt.date | None = None,
    recipient: str = RECIPIENT,
    model: ClaimModel | _Shipped | None = SHIPPED,
) -> list[ClaimCandidate]:
    """The rules' claims, each then scored by the learned model (`model=None`: the rules alone)."""
    main = main_party(text, recipient=recipient)
    claims = rule_claims(text, matcher=matcher, published=published, recipient=recipient, main=main)
    chosen = shipped() if isinstance(model, _Shipped) else model
    if chosen is None:
        return claims
    return chosen.dispose(claims, text, main_donor=main, published=published)


def rule_claims(
    text: str,
    *,
    matcher: ItemMatcher,
    published: dt.date | None = None,
    recipient: str = RECIPIENT,
    main: str | None = "",
) -> list[ClaimCandidate]:
    """The rules' claims; `main` is the party the article is about when the caller has it ("": find it)."""
    if main == "":
        main = main_party(text, recipient=recipient)
    claims: list[ClaimCandidate] = []
    context = _Context()
    headline = headline_end(text)
    background = False
    for sentence in split_sentences(text):
        found = _sentence_claims(
            sentence, matcher=matcher, published=published, recipient=recipient, context=context
        )
        # Under a heading such as "Background:" the article recalls earlier news: nothing there is new.
        background = background or bool(cues.BACKGROUND_HEADING.search(sentence.text))
        claims.extend(_as_background(found) if background else found)
        if sentence.end <= headline < len(text.rstrip()):
            # The headline summarises the body: its sum is no package the body's sums could be parts of.
            context.parent = None
    claims = without_repeats(mixed_totals(sums_of_parts(claims)), headline=headline)
    return with_main_donor(claims, main)


def _as_background(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    return [
        dataclasses.replace(
            c, classification=BACKGROUND, reason_code="background_section", reason_params={}
        )
        if c.classification == NEW_PLEDGE
        else c
        for c in claims
    ]


def _objects(
    money: list[MoneyMention], items: list[ItemMention], stext: str, *, pledged: bool
) -> list[ClaimObject]:
    objects: list[ClaimObject] = []
    previous: MoneyMention | None = None
    for m in money:
        obj = ClaimObject(m.start, m.end, money=m)
        if (
            previous is not None
            and other_currency(previous, m, stext[previous.end : m.start])
            and m.start - previous.end <= 30
            and cues.CONVERSION_GAP.match(stext[previous.end : m.start])
        ):
            obj.conversion_of = previous
        objects.append(obj)
        previous = m
    counted = _one_per_count(
        [
            i
            for i in items
            if i.quantity is not None
            and not any(m.start < i.end and i.start < m.end for m in money)
        ],
        stext,
    )
    # A package names systems without a count too ("a €500m package of Patriot missiles"): each is an in-kind
    # record with its quantity left empty.
    # A package's list names kinds of equipment too ("tanks, anti-aircraft missiles and grenades"): the labelling
    # convention makes each one a record, so a generic noun counts once the sentence lists contents.
    listing = cues.CONTENTS.search(stext) is not None
    named = [
        i
        for i in items
        if pledged
        and (money or counted)
        and i.quantity is None
        and (not i.generic or listing)
        and (i.item_id is not None or i.candidates or i.item_name or i.generic)
        and not any(m.start < i.end and i.start < m.end for m in money)
        and not _for_platform(stext, i)
    ]
    # "drones worth €1 million", "M1A1 tanks, which are valued at $163 million": a price right after an item
    # is that item's value, counted or not.
    uncounted = [
        i
        for i in items
        if i.quantity is None and not any(m.start < i.end and i.start < m.end for m in money)
    ]
    _priced(objects, [*counted, *uncounted], stext)
    counted = [i for i in counted if not any(o.item is i for o in objects)]
    named = [i for i in named if not any(o.item is i for o in objects)]
    primary = [o for o in objects if o.conversion_of is None and o.item is None]
    if len(primary) == 1 and len(counted) == 1 and not named:
        between = stext[
            min(primary[0].end, counted[0].end) : max(primary[0].start, counted[0].start)
        ]
        before = stext[max(0, primary[0].start - 40) : primary[0].start]
        after = stext[primary[0].end : primary[0].end + 60]
        if (
            not cues.CONTENTS.search(between)
            and not cues.PACKAGE_VALUE.search(before)
            and not cues.PACKAGE_AFTER.match(after)
        ):
            # One sum and the one system it buys are one pledge: the value sits on the item.
            primary[0].item = counted[0]
            return objects
    objects.extend(ClaimObject(i.start, i.end, item=i) for i in [*counted, *named])
    return sorted(objects, key=lambda o: o.start)


def _one_per_count(counted: list[ItemMention], stext: str) -> list[ItemMention]:
    """ "12 IRIS-T SLS launchers": the count is the named system's, not also the generic noun's after it."""
    out: list[ItemMention] = []
    for item in counted:
        last = out[-1] if out else None
        if last is not None and item.quantity == last.quantity and item.start < last.end:
            continue  # "14 M113 armored vehicles" read as the catalogue's M113 and as a named noun: one
        if (
            last is not None
            and item.item_id is None
            and not item.candidates
            and item.quantity == last.quantity
            and re.fullmatch(r"[\w\s-]{0,15}", stext[last.end : item.start])
        ):
            continue
        out.append(item)
    return out


def _priced(objects: list[ClaimObject], counted: list[ItemMention], stext: str) -> None:
    """A count and the price paid for it right beside it are one in-kind pledge with its value."""
    for obj in objects:
        if obj.money is None or obj.conversion_of is not None:
            continue
        for item in counted:
            if (
                item.end <= obj.start and cues.PRICE_AFTER_ITEM.match(stext[item.end : obj.start])
            ) or (
                item.quantity is not None
                and obj.end <= item.start
                and cues.PRICE_BEFORE_ITEM.match(
                    stext[obj.end : item.start - len(item.quantity_text)]
                )
            ):
                obj.item = item
                break


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
    previous_end: int = 0,
) -> PartyMention | None:
    in_clause = [p for p in parties if clause[0] <= p.start < clause[1] and p.code != recipient]
    if any(p.code not in OTHER_SIDE for p in in_clause):
        # "Germany pledged €1bn to counter Russia": the aggressor named beside a donor is never the subject.
        in_clause = [p for p in in_clause if p.code not in OTHER_SIDE]
    before = [p for p in in_clause if p.end <= obj.start and subject_position(stext, p)]
    # "Sweden is pledging $275m and Norway about $135m": a party after the amount before owns this one.
    own = [p for p in before if p.start >= previous_end > 0 and not p.possessive]
    if own:
        return own[-1]
    for party in reversed(before):
        between = stext[party.end + 2 : obj.start]
        if party.possessive and (_FILL_WORDS.match(between) or _PLEDGE_NOUN.match(between)):
            return party
    # "Russia's invasion": a possessive that does not own the amount is no subject.
    before = [p for p in before if not p.possessive]
    since = before[-1].end if before else clause[0]
    # "Germany gives €50m and another partner $100m": a group or an unnamed giver after the party owns the amount.
    if collective_subject(stext[since : obj.start]) or cues.unnamed_giver(stext, since, obj.start):
        return None
    # The subject: the last party named before the first pledge verb that precedes the amount.
    verb = next((v for v in cues.PLEDGE_VERB.finditer(stext, clause[0], obj.start)), None)
    if verb is not None:
        subject = [p for p in before if p.end <= verb.start()]
        if subject:
            return subject[-1]
    if before:
        return before[-1]
    # "With this support of €250 million via PURL, the Netherlands makes …": an opening phrase holding the amount
    # is followed by its subject.
    opening = _OPENING_PHRASE.match(stext, clause[0])
    if opening is not None and obj.end <= opening.end():
        subject = [p for p in in_clause if p.start == opening.end() and not p.possessive]
        if subject:
            return subject[0]
    after = [
        p
        for p in in_clause
        if p.start >= obj.end
        and p.code not in OTHER_SIDE  # "freedom from Russian aggression" names no giver
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
    money = find_money(stext)
    parties = [p for p in find_parties(stext) if not any(m.start <= p.start < m.end for m in money)]
    items = matcher.find(stext)
    pledged = bool(cues.PLEDGE_VERB.search(stext) or cues.CONTENTS.search(stext) or context.listing)
    objects = _objects(money, items, stext, pledged=pledged)
    # A package's contents often open the next paragraph: its donor carries over one blank line.
    listed = context.listing and len(stext) < 160
    reach = 2 if listed or cues.CONTENTS.search(stext) else 1
    gap = sentence.paragraph - context.paragraph
    near = gap <= reach
    inherited = context.donor if near else None
    if not objects:
        # After a sentence that pledged a package, its contents may follow without naming the donor again.
        after_pledge = context.parent is not None and gap <= 2
        objects = _named_items_without_quantity(
            items,
            stext,
            parties,
            recipient,
            inherited=inherited is not None or after_pledge,
            listed=listed,
        )
    prefer = "future" if cues.FUTURE.search(stext) else "past"
    dates = find_dates(stext, reference=published, prefer=prefer)
    claims: list[ClaimCandidate] = []
    main_donor: str | None = None
    for index, obj in enumerate(objects):
        clause = _clause(stext, obj.start)
        previous_end = max(
            (o.end for o in objects[:index] if o.conversion_of is None),
            default=0,
        )
        donor = _donor_for(obj, stext, parties, clause, recipient, max(previous_end, clause[0]))
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
            parent=context.parent if gap <= 2 else None,
            after_background=context.background and gap <= 2,
            listed=listed,
        )
        if claim.classification == NEW_PLEDGE and main_donor is None:
            main_donor = claim.donor
        claims.append(claim)
    claims = _contents_follow_money(claims, objects)
    _remember(context, claims, objects)
    subject = sentence_subject(stext, parties, recipient)
    # After "another partner will give $100m", "it" is that partner, not the donor named before.
    if subject is not None or gap > 2 or cues.unnamed_giver(stext):
        context.donor = subject
    if not claims:
        # "In May, … a new package": the list that follows is that package's.
        context.background = earlier_mentioned(stext, dates, published)
    context.listing = stext.rstrip().endswith(":") or (context.listing and len(stext) < 160)
    context.paragraph = sentence.paragraph
    return claims


def _contents_follow_money(
    claims: list[ClaimCandidate], objects: list[ClaimObject]
) -> list[ClaimCandidate]:
    """A system named without a count beside sums that are none of them new ("Earlier this year, Norway allocated
    NOK 4 billion … to procure Patriot missiles") is what that money bought, not a pledge of its own."""
    money = [c for c, o in zip(claims, objects, strict=True) if o.money is not None]
    if not money or any(c.classification == NEW_PLEDGE for c in money):
        return claims
    return [
        dataclasses.replace(
            c,
            classification=BACKGROUND,
            reason_code="contents",
            reason_params={"cue": money[0].evidence},
        )
        if c.classification == NEW_PLEDGE and o.money is None and c.quantity is None
        else c
        for c, o in zip(claims, objects, strict=True)
    ]


def _remember(context: _Context, claims: list[ClaimCandidate], objects: list[ClaimObject]) -> None:
    """What the next sentence may refer back to: the sum it could be a part of, an earlier package."""
    if not claims:
        return
    new = [
        o.money
        for o, c in zip(objects, claims, strict=True)
        if o.money is not None and o.money.amount is not None and c.classification == NEW_PLEDGE
    ]
    if new:
        context.parent = max(new, key=lambda m: m.amount or 0)
    context.background = all(c.classification == BACKGROUND for c in claims)


def _named_items_without_quantity(
    items: list[ItemMention],
    stext: str,
    parties: list[PartyMention],
    recipient: str,
    *,
    inherited: bool,
    listed: bool = False,
) -> list[ClaimObject]:
    """ "Germany will send Taurus missiles": a catalogue item, a named donor and a pledge verb, no number;
    or "The package includes Bradley vehicles" after a donor's package was named."""
    named = any(p.code != recipient and p.how == "name" for p in parties)
    contents = inherited and (listed or cues.CONTENTS.search(stext) is not None)
    if not contents and (not cues.PLEDGE_VERB.search(stext) or not named):
        return []
    # Kinds of equipment without a name ("tanks, machine guns") count only in a list of a package's contents.
    return [
        ClaimObject(i.start, i.end, item=i)
        for i in items
        if (i.item_id is not None or i.candidates or i.item_name or (i.generic and contents))
        and not _for_platform(stext, i)
    ]


def _for_platform(stext: str, item: ItemMention) -> bool:
    """ "rockets for HIMARS", "the operation of F-16 jets": the system named is not what is given."""
    return bool(
        cues.FOR_PLATFORM_BEFORE.search(stext[max(0, item.start - 80) : item.start])
        or cues.FOR_PLATFORM_AFTER.match(stext[item.end : item.end + 30])
    )
