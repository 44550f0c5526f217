"""Classifying one candidate: the first rule that fires (docs/intake.md), and the claim it makes.

In order: a conversion of the amount before it, a loss or the other side's figure, a cumulative total, an
order of magnitude, the contents of a package named before, an earlier package (a past date or words such as
"previously"), a target or request, another donor's aid named for comparison, and only then a new pledge if
a pledge verb is present. The reason names the rule and quotes the words that fired it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

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
from nsatu.engine.intake.dates import DateMention
from nsatu.engine.intake.parties import OTHER_SIDE, PartyMention, collective_subject, find_parties
from nsatu.engine.intake.sentences import Sentence

# A date this many days before publication is an earlier announcement, not today's news.
EARLIER_AFTER_DAYS = 14
# "since 2022" starts a period that a total covers; it dates no announcement.
_SINCE_BEFORE = re.compile(r"\b(?:since|from|until|through)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Scene:
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
    inherited: bool  # the party is the donor of the sentence before
    earlier: DateMention | None
    recent: DateMention | None
    published: dt.date | None
    recipient: str
    main_donor: str | None

    @property
    def whole(self) -> str:
        return self.stext[self.clause[0] : self.clause[1]]

    @property
    def local(self) -> str:
        return self.stext[self.prev_end : self.next_start]


@dataclass(frozen=True)
class _Verdict:
    classification: str
    code: str
    confidence: float
    params: dict[str, str]


def _verdict(classification: str, code: str, confidence: float, **params: str) -> _Verdict:
    return _Verdict(classification, code, confidence, params)


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
) -> ClaimCandidate:
    prev_end = max([o.end for o in objects[:index] if o.money] + [clause[0]])
    next_start = min([o.start for o in objects[index + 1 :] if o.money] + [clause[1]])
    collective = collective_subject(stext[clause[0] : obj.start]) if donor is None else None
    used_inherited = donor is None and collective is None and inherited is not None
    earlier, recent = _earlier_date(dates, (prev_end, next_start), stext, published)
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
        inherited=used_inherited,
        earlier=earlier,
        recent=recent,
        published=published,
        recipient=recipient,
        main_donor=main_donor,
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


def _losses(s: _Scene) -> _Verdict | None:
    m = cues.LOSSES.search(s.whole)
    return None if m is None else _verdict(NOT_A_PLEDGE, "losses", 0.85, cue=m.group(0))


def _other_side(s: _Scene) -> _Verdict | None:
    if s.party is None or s.party.code not in OTHER_SIDE:
        return None
    return _verdict(NOT_A_PLEDGE, "other_side", 0.85, party=s.party.text)


def _cumulative(s: _Scene) -> _Verdict | None:
    m = cues.CUMULATIVE_BEFORE.search(s.stext, s.prev_end, s.obj.start)
    if m is None:
        m = cues.CUMULATIVE_AFTER.search(s.stext[s.obj.end : s.next_start])
    return None if m is None else _verdict(BACKGROUND, "cumulative", 0.85, cue=m.group(0).strip())


def _vague(s: _Scene) -> _Verdict | None:
    if s.obj.money is None or not s.obj.money.vague:
        return None
    return _verdict(BACKGROUND, "vague", 0.7, cue=s.obj.money.text)


def _contents(s: _Scene) -> _Verdict | None:
    if s.obj.money is not None or any(o.money for o in s.objects):
        return None
    m = cues.CONTENTS.search(s.whole)
    return None if m is None else _verdict(BACKGROUND, "contents", 0.7, cue=m.group(0))


def _earlier_package(s: _Scene) -> _Verdict | None:
    earlier = s.earlier
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
    if s.recent is not None:
        return None
    m = cues.EARLIER.search(s.local)
    return None if m is None else _verdict(BACKGROUND, "earlier_words", 0.75, cue=m.group(0))


def _target(s: _Scene) -> _Verdict | None:
    m = cues.TARGET.search(s.whole)
    return None if m is None else _verdict(NOT_A_PLEDGE, "target", 0.75, cue=m.group(0))


def _other_donor(s: _Scene) -> _Verdict | None:
    if s.main_donor is None or s.party is None or s.party.code == s.main_donor:
        return None
    m = cues.COMPARISON.search(s.stext[s.clause[0] : s.obj.start])
    if m is None:
        return None
    return _verdict(BACKGROUND, "other_donor", 0.7, party=s.party.text, cue=m.group(0))


_RULES: tuple[Callable[[_Scene], _Verdict | None], ...] = (
    _conversion,
    _losses,
    _other_side,
    _cumulative,
    _vague,
    _contents,
    _earlier_package,
    _earlier_words,
    _target,
    _other_donor,
)


def _pledge(s: _Scene) -> _Verdict:
    verb = cues.PLEDGE_VERB.search(s.whole)
    if verb is None:
        return _verdict(NOT_A_PLEDGE, "no_verb", 0.5)
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
        donor_text=party.text if party is not None else (s.collective or ""),
        recipient=s.recipient,
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
        notes=_notes(s),
    )


def _notes(s: _Scene) -> tuple[str, ...]:
    item = s.obj.item
    notes: list[str] = []
    if s.inherited and s.party is not None:
        notes.append(f"donor {s.party.text} taken from the sentence before")
    if s.collective:
        notes.append(f"collective subject: {s.collective}")
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
