"""Classifying one candidate: the first rule that fires (docs/intake.md), and the claim it makes.

In order: a conversion of the amount before it, civilian or left-over money, a part of a sum named before, a
loss or the other side's figure, a cumulative total, an order of magnitude, the contents of an *earlier*
package (today's package's contents are its in-kind pledges), an earlier package (a past date, the past perfect
or words such as "previously"), a target or request, another donor's aid named for comparison, and only then a
new pledge if a pledge verb (or a package's list) is present. The reason names the rule and quotes the words
that fired it. Rules across claims (a total split by mechanism, a civil and military total, repeats) are in
packages.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from nsatu.engine.intake import cues
from nsatu.engine.intake.claim import (
    BACKGROUND,
    FUNDS,
    IN_KIND,
    NEW_PLEDGE,
    NOT_A_PLEDGE,
    ClaimCandidate,
    ClaimObject,
)
from nsatu.engine.intake.dates import DateMention, earlier_and_recent
from nsatu.engine.intake.money import MoneyMention, currency_for, rough_eur
from nsatu.engine.intake.parties import OTHER_SIDE, PartyMention, collective_subject, find_parties
from nsatu.engine.intake.scene import Scene as _Scene
from nsatu.engine.intake.scene import Verdict as _Verdict
from nsatu.engine.intake.scene import verdict as _verdict
from nsatu.engine.intake.sentences import Sentence

# "to replace tanks destroyed": the loss is the reason for the aid, not the figure.
_PURPOSE = re.compile(
    r"\b(?:replace|replacing|against|counter|repel|defend|protect|after)\b", re.IGNORECASE
)
# "… before Trump assumes office in January": a date in a clause after the amount dates something else.
_SUBORDINATE = re.compile(r"\b(?:before|after|as|when|while|until|once|ahead of)\b", re.IGNORECASE)


def classify(
    obj: ClaimObject,
    index: int,
    objects: list[ClaimObject],
    stext: str,
    sentence: Sentence,
    clause: tuple[int, int],
    donor: PartyMention | None,
    inherited: PartyMention | None,
    dates: list[DateMention],
    published: dt.date | None,
    recipient: str,
    main_donor: str | None,
    *,
    parent: MoneyMention | None = None,
    after_background: bool = False,
    listed: bool = False,
) -> ClaimCandidate:
    prev_end = max([o.end for o in objects[:index] if o.money] + [clause[0]])
    # A conversion right after the amount ("380 million kronor ($35 million) as humanitarian aid") belongs to it:
    # the words after the conversion still describe this amount.
    next_start = min(
        [o.start for o in objects[index + 1 :] if o.money and o.conversion_of is None] + [clause[1]]
    )
    collective = collective_subject(stext[clause[0] : obj.start]) if donor is None else None
    unnamed = cues.unnamed_giver(stext, prev_end, next_start) if donor is None else None
    used_inherited = (
        donor is None and collective is None and unnamed is None and inherited is not None
    )
    earlier, recent = earlier_and_recent(
        [d for d in dates if not _SUBORDINATE.search(stext[obj.end : max(obj.end, d.start)])],
        (prev_end, next_start),
        stext,
        published,
    )
    opening, _ = earlier_and_recent(
        [d for d in dates if d.start <= 15 and d.start < obj.start], (0, 16), stext, published
    )
    scene = _Scene(
        obj=obj,
        objects=objects,
        stext=stext,
        sentence=sentence,
        clause=clause,
        prev_end=prev_end,
        next_start=next_start,
        party=donor or (inherited if used_inherited else None),
        collective=collective,
        unnamed=unnamed.group(0) if unnamed else None,
        inherited=used_inherited,
        earlier=earlier,
        recent=recent,
        opening=opening,
        published=published,
        recipient=recipient,
        main_donor=main_donor,
        parent=_parent(obj, objects, parent),
        after_background=after_background,
        listed=listed,
    )
    for rule in _RULES:
        verdict = rule(scene)
        if verdict is not None:
            return _candidate(scene, verdict)
    return _candidate(scene, _pledge(scene))


def _conversion(s: _Scene) -> _Verdict | None:
    if s.obj.conversion_of is None:
        return None
    return _verdict(NOT_A_PLEDGE, "conversion", 0.9, of=s.obj.conversion_of.text)


def _parent(
    obj: ClaimObject, objects: list[ClaimObject], before: MoneyMention | None
) -> MoneyMention | None:
    """The largest sum named before this one in the sentence, or the package of the sentence before."""
    earlier = [
        o.money
        for o in objects
        if o.money is not None and o.end <= obj.start and o.conversion_of is None
    ]
    if before is not None:
        earlier.append(before)
    sized = [(rough_eur(m) or 0.0, m) for m in earlier]
    return max(sized, key=lambda pair: pair[0])[1] if sized else None


def _sub_allocation(s: _Scene) -> _Verdict | None:
    money, parent = s.obj.money, s.parent
    if money is None or money.amount is None or parent is None or parent.amount is None:
        return None
    if s.obj.item is not None:
        return None  # a priced system is an in-kind record of its own
    if cues.PAST_PERFECT.search(s.local) or cues.EARLIER.search(s.local):
        return None  # an earlier sum, not a share of today's
    if parent.currency == money.currency:
        if money.amount >= parent.amount:
            return None
    else:
        mine, whole = rough_eur(money), rough_eur(parent)
        if mine is None or whole is None or mine >= whole * 0.9:
            return None
    m = cues.SUB_ALLOCATION.search(s.stext, s.prev_end, s.obj.start)
    if m is None:
        m = cues.SUB_ALLOCATION.search(s.stext[s.obj.end : s.next_start][:40])
    if m is not None:
        return _verdict(NOT_A_PLEDGE, "part", 0.75, of=parent.text, cue=m.group(0))
    if parent.currency != money.currency:
        return (
            None  # across currencies only words make a part: a smaller sum may be another giver's
        )
    if (s.party is None or s.inherited) and s.collective is None and s.unnamed is None:
        # A smaller sum in the same currency, with no donor of its own, right after a package: its breakdown.
        return _verdict(NOT_A_PLEDGE, "part", 0.6, of=parent.text, cue=money.text)
    return None


def _civilian(s: _Scene) -> _Verdict | None:
    if s.obj.money is None:
        return None
    after = s.stext[s.obj.end : s.next_start][:60]
    m = cues.REMAINING.search(s.stext[max(s.prev_end, s.obj.start - 30) : s.obj.start])
    if m is not None:
        return _verdict(NOT_A_PLEDGE, "civilian", 0.7, cue=m.group(0).strip())
    m = cues.CIVILIAN.search(after)
    if m is None:
        return None
    # The civilian share of a sum named earlier in the same sentence makes that sum a mixed total.
    earlier = [o.money for o in s.objects if o.money is not None and o.end <= s.obj.start]
    of = {"of": earlier[0].text} if earlier else {}
    return _verdict(NOT_A_PLEDGE, "civilian", 0.7, cue=m.group(0).strip(), **of)


def _sale(s: _Scene) -> _Verdict | None:
    # Only near the amount or system: a sale named further on ("resequencing … foreign military sales") is another's.
    m = cues.SALE.search(s.stext, s.clause[0], min(s.clause[1], s.obj.end + 40))
    return None if m is None else _verdict(NOT_A_PLEDGE, "sale", 0.75, cue=m.group(0))


def _others_money(s: _Scene) -> _Verdict | None:
    if s.obj.money is None:
        return None
    m = cues.OTHERS_MONEY.match(
        s.stext[s.obj.end : s.next_start][:80]
    ) or cues.POOLED_BEFORE.search(s.stext, s.prev_end, s.obj.start)
    if m is None:
        return None
    earlier = [o.money for o in s.objects if o.money is not None and o.end <= s.obj.start]
    of = {"of": earlier[0].text} if earlier else {}
    return _verdict(NOT_A_PLEDGE, "others_money", 0.7, cue=m.group(0).strip(), **of)


def _appropriation(s: _Scene) -> _Verdict | None:
    """ "The Act provides … $8 billion in drawdown authority": money a legislature makes available, no package."""
    if s.obj.money is None:
        return None
    m = cues.APPROPRIATION_AFTER.match(
        s.stext[s.obj.end : s.next_start]
    ) or cues.APPROPRIATION.search(s.whole)
    return (
        None if m is None else _verdict(NOT_A_PLEDGE, "appropriation", 0.7, cue=m.group(0).strip())
    )


def _envelope(s: _Scene) -> _Verdict | None:
    # Only a sum beside a pledge already stated is its envelope: "as part of a $245 million package" after
    # "will send 49 tanks" is the package's own value.
    if s.obj.money is None or s.parent is None:
        return None
    m = cues.ENVELOPE.search(s.stext[max(s.prev_end, s.obj.start - 80) : s.obj.start])
    return None if m is None else _verdict(BACKGROUND, "envelope", 0.75, cue=m.group(0).strip())


def _delivered(s: _Scene) -> _Verdict | None:
    """ "Norway transferred the NASAMS", "tanks sent by Canada have arrived": a delivery of an earlier pledge."""
    if s.obj.money is not None or any(o.money for o in s.objects):
        return None
    # "announced that it has delivered another IRIS-T": the verb nearest the system decides, not the announcing.
    verbs = list(cues.PLEDGE_VERB.finditer(s.stext, s.clause[0], s.obj.start))
    done = [d for d in cues.DELIVERED.finditer(s.stext, s.clause[0], s.obj.start)]
    if verbs and done and done[-1].start() <= verbs[-1].start() < done[-1].end():
        return _verdict(BACKGROUND, "delivered", 0.7, cue=done[-1].group(0))
    if cues.FUTURE_PLEDGE.search(s.whole):
        return None
    # An earlier time anywhere before the end of the clause ("in recent weeks … so another 18 HIMARS can be
    # bought"), but not in a clause of its own after it ("…, despite playing it down earlier this year").
    m = cues.DELIVERED.search(s.whole) or cues.EARLIER.search(s.stext[: s.clause[1]])
    if m is None:
        return None
    return _verdict(BACKGROUND, "delivered", 0.7, cue=m.group(0))


def _financed(s: _Scene) -> _Verdict | None:
    """ "Norway is providing funding that will enable Romania to send a Patriot": the donor's pledge is the money;
    the system is another country's, so it is no in-kind pledge of the donor's."""
    if s.obj.money is not None or s.obj.item is None:
        return None
    m = cues.FINANCED.search(s.whole)
    return None if m is None else _verdict(NOT_A_PLEDGE, "financed", 0.7, cue=m.group(0))


def _losses(s: _Scene) -> _Verdict | None:
    m = cues.LOSSES.search(s.local)
    if m is None or _PURPOSE.search(s.local[: m.start()][-40:]):
        return None
    return _verdict(NOT_A_PLEDGE, "losses", 0.85, cue=m.group(0))


def _other_side(s: _Scene) -> _Verdict | None:
    if s.party is None or s.party.code not in OTHER_SIDE:
        return None
    return _verdict(NOT_A_PLEDGE, "other_side", 0.85, party=s.party.text)


def _cumulative(s: _Scene) -> _Verdict | None:
    m = cues.CUMULATIVE_BEFORE.search(s.stext, s.prev_end, s.obj.start)
    if (
        m is not None
        and m.group(0).lower().startswith("since")
        and cues.ORDINAL_BEFORE.search(s.stext[s.prev_end : m.start()])
    ):
        m = None
    if m is None:
        # The words after the amount run past its conversion: "70.3 billion kroner (€9 billion) in the period …".
        following = [o.start for o in s.objects if o.start >= s.obj.end and o.conversion_of is None]
        m = cues.CUMULATIVE_AFTER.search(s.stext[s.obj.end : min([*following, s.clause[1]])])
    if m is None:
        # "Since the invasion, Sweden has pledged 1.9 billion kronor …, in addition to some 17 billion": the
        # opening "since" covers every sum of the sentence.
        m = cues.SINCE_OPENING.match(s.stext)
    if (
        m is None
        and s.obj.money is None
        and any(o.money is not None and o.end <= s.obj.start for o in s.objects)
    ):
        # "more than CAD 1 billion …, including eight Leopard 2 tanks": the contents of a total.
        m = cues.CUMULATIVE_BEFORE.search(s.stext, s.clause[0], s.obj.start)
    return None if m is None else _verdict(BACKGROUND, "cumulative", 0.85, cue=m.group(0).strip())


def _vague(s: _Scene) -> _Verdict | None:
    if s.obj.money is None or not s.obj.money.vague:
        return None
    return _verdict(BACKGROUND, "vague", 0.7, cue=s.obj.money.text)


def _contents(s: _Scene) -> _Verdict | None:
    # The contents of today's package are the pledge itself; only an earlier package's are background.
    if not s.after_background or s.obj.money is not None or any(o.money for o in s.objects):
        return None
    m = cues.CONTENTS.search(s.whole) or (re.match(r".{0,40}", s.stext) if s.listed else None)
    return None if m is None else _verdict(BACKGROUND, "contents", 0.7, cue=m.group(0))


def _earlier_package(s: _Scene) -> _Verdict | None:
    earlier = s.earlier or s.opening
    if earlier is None:
        return None
    when = (
        earlier.value.isoformat()[: 7 if earlier.precision == "month" else 10]
        if earlier.value
        else earlier.text
    )
    confidence = 0.8 if earlier.value else 0.6
    return _verdict(BACKGROUND, "earlier_date", confidence, date=when, cue=earlier.text)


def _earlier_words(s: _Scene) -> _Verdict | None:
    m = cues.PAST_PERFECT.search(s.stext, s.prev_end, s.obj.start)
    if m is None and s.recent is None:
        m = cues.EARLIER.search(s.local)
    if m is None:
        # "Yesterday", "a few days ago": another day's news even when it falls within the recent window.
        m = cues.ANOTHER_DAY.search(s.local)
    if m is None:
        # Only the words since the object before: "confirmed its commitment to supplying Patriot missiles and
        # plans to send Leopard tanks" restates the first promise, not the second.
        since = max([o.end for o in s.objects if o.end <= s.obj.start] + [s.clause[0]])
        m = cues.PROMISE_KEPT.search(s.stext, since, s.obj.end)
    return None if m is None else _verdict(BACKGROUND, "earlier_words", 0.75, cue=m.group(0))


def _target(s: _Scene) -> _Verdict | None:
    # "a partner that did not want to be named", "yet to be named": the giver's anonymity, not a wish.
    giver = cues.unnamed_giver(s.stext, *s.clause)
    for m in cues.TARGET.finditer(s.stext, *s.clause):
        if m.group(0).lower().startswith("propos") and cues.PROPOSAL_TAKEN.search(
            s.stext[max(0, m.start() - 30) : m.start()]
        ):
            continue
        if m.group(0).lower().startswith("need") and cues.RECIPIENT_NEEDS.search(
            s.stext[max(0, m.start() - 20) : m.start()]
        ):
            continue
        if m.group(0).lower().startswith("not yet") and cues.NOT_YET_NEW.search(
            s.stext, max(0, m.start() - 70), m.end() + 30
        ):
            continue
        if giver is None or not giver.start() <= m.start() < giver.end():
            return _verdict(NOT_A_PLEDGE, "target", 0.75, cue=m.group(0))
    return None


def _programme(s: _Scene) -> _Verdict | None:
    if s.obj.money is None:
        return None
    following = [o.start for o in s.objects if o.start >= s.obj.end and o.conversion_of is None]
    m = cues.PROGRAMME_AFTER.search(s.stext[s.obj.end : min([*following, s.clause[1]])])
    if m is None:
        m = cues.PROGRAMME_BEFORE.search(s.stext, s.prev_end, s.obj.start)
    if m is None and s.obj.start > 0:
        m = cues.PROGRAMME_BEFORE.match(s.stext)
    return None if m is None else _verdict(BACKGROUND, "programme", 0.7, cue=m.group(0).strip())


def _other_donor(s: _Scene) -> _Verdict | None:
    if s.main_donor is None or s.party is None or s.party.code == s.main_donor:
        return None
    m = cues.COMPARISON.search(s.stext[s.clause[0] : s.obj.start])
    if m is None:
        return None
    return _verdict(BACKGROUND, "other_donor", 0.7, party=s.party.text, cue=m.group(0))


_RULES: tuple[Callable[[_Scene], _Verdict | None], ...] = (
    _conversion,
    _sale,
    _others_money,
    _appropriation,
    _envelope,
    _civilian,
    _sub_allocation,
    _losses,
    _other_side,
    _cumulative,
    _vague,
    _contents,
    _earlier_package,
    _earlier_words,
    _delivered,
    _financed,
    _target,
    _programme,
    _other_donor,
)


def _pledge(s: _Scene) -> _Verdict:
    verb = cues.PLEDGE_VERB.search(s.whole) or cues.CONTENTS.search(s.whole)
    if verb is None and s.listed:
        verb = re.match(r".{0,40}", s.stext)  # a list item of the package named before
    if verb is None and s.party is not None and s.obj.money is not None:
        # "They stated that it is worth approximately €106 million": the value of the package named before.
        verb = cues.PACKAGE_WORTH.search(s.whole)
    if verb is None:
        return _verdict(NOT_A_PLEDGE, "no_verb", 0.5)
    if s.party is None and s.collective is not None and s.unnamed is None:
        # "Fifteen countries have pledged $1.7 billion": a pledge needs one donor; a group's sum is no one's.
        return _verdict(NOT_A_PLEDGE, "collective", 0.7, cue=s.collective)
    confidence = (
        0.45 + 0.15 + (0.05 if any(p.code == s.recipient for p in find_parties(s.stext)) else 0.0)
    )
    if s.party is None:
        return _verdict(
            NEW_PLEDGE, "pledge_no_donor", round(confidence - 0.25, 2), verb=verb.group(0)
        )
    confidence += 0.0 if s.inherited else 0.2
    confidence += 0.05 if cues.mechanism_in(s.stext) else 0.0
    confidence += (
        0.05
        if (s.obj.item is not None and s.obj.item.item_id is not None) or s.obj.money is not None
        else 0.0
    )
    return _verdict(
        NEW_PLEDGE,
        "pledge",
        round(min(confidence, 0.95), 2),
        verb=verb.group(0),
        donor=s.party.text,
    )


def _candidate(s: _Scene, v: _Verdict) -> ClaimCandidate:
    obj, item, money, party, stext = s.obj, s.obj.item, s.obj.money, s.party, s.stext
    date_announced, precision = _announced(s, v)
    evidence_start = min(obj.start, item.start if item else obj.start)
    evidence_end = max(obj.end, item.end if item else obj.end)
    return ClaimCandidate(
        start=s.sentence.start,
        end=s.sentence.end,
        sentence=s.sentence.text,
        evidence_start=s.sentence.start + evidence_start,
        evidence_end=s.sentence.start + evidence_end,
        evidence=stext[evidence_start:evidence_end],
        kind=IN_KIND if item is not None else FUNDS,
        classification=v.classification,
        reason_code=v.code,
        reason_params=v.params,
        confidence=v.confidence,
        donor=party.code if party is not None else None,
        donor_text=party.text if party is not None else (s.collective or s.unnamed or ""),
        recipient=s.recipient,
        item_id=item.item_id if item else None,
        item_name=item.item_name if item else "",
        item_text=item.text if item else "",
        item_candidates=item.candidates if item else (),
        quantity=item.quantity if item else None,
        amount=money.amount if money is not None else None,
        currency=currency_for(
            money, party.code if party else None, converted=obj.conversion_of is not None
        )
        if money is not None
        else "",
        mechanism=cues.mechanism_near(stext, obj.start, obj.end, (s.prev_end, s.next_start)),
        date_announced=date_announced,
        date_precision=precision,
        notes=_notes(s),
    )


def _notes(s: _Scene) -> tuple[str, ...]:
    item = s.obj.item
    notes: list[str] = []
    if s.inherited and s.party is not None:
        notes.append(f"donor {s.party.text} taken from the sentence before")
    if s.collective:
        notes.append(f"collective subject: {s.collective}")
    if s.unnamed and s.party is None and s.collective is None:
        notes.append(f"giver not named: {s.unnamed}")
    if item is not None and item.candidates:
        notes.append("item could be: " + "; ".join(item.candidates))
    if s.obj.extra_items:
        notes.append(
            "includes: "
            + "; ".join(f"{i.quantity} {i.item_name or i.text}" for i in s.obj.extra_items)
        )
    return tuple(notes)


def _announced(s: _Scene, v: _Verdict) -> tuple[dt.date | None, str]:
    """The announcement's date and its precision."""
    # "this year" or "this month" near a new pledge dates no announcement; the day of publication does better.
    when = (
        s.earlier
        if v.code == "earlier_date"
        else (
            s.recent
            if v.classification == NEW_PLEDGE
            and s.recent is not None
            and s.recent.precision == "day"
            else None
        )
    )
    if when is not None and when.value is not None:
        return when.value, when.precision
    if v.classification == NEW_PLEDGE and s.published is not None:
        return s.published, "published"
    return None, ""
