"""Package-level reading across claims: a pledge repeated by the headline or a later sentence, and a total that
only sums the parts stated after it ("$500m: $300m under PDA and $200m under USAI")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal

from nsatu.engine.intake.claim import (
    BACKGROUND,
    FUNDS,
    IN_KIND,
    NEW_PLEDGE,
    NOT_A_PLEDGE,
    ClaimCandidate,
)
from nsatu.engine.intake.cues import PACKAGE_RESTATED
from nsatu.engine.intake.items import key
from nsatu.engine.intake.money import MoneyMention, currency_of_words, rough_eur

# The parts of a total are stated in its sentence or the next one.
PARTS_WITHIN_CHARS = 900
SUM_TOLERANCE = Decimal("0.02")


def _bare(c: ClaimCandidate) -> bool:
    return c.kind == IN_KIND and c.quantity is None and c.amount is None


def _signature(c: ClaimCandidate) -> tuple[object, ...]:
    item = c.item_id if c.item_id is not None else key(c.item_text)
    if c.kind == IN_KIND and c.item_id is None and c.quantity is not None:
        # "20,000 shells" and "20,000 155mm artillery shells" are one pledge: compare the noun only.
        words = c.item_text.split()
        item = key(words[-1]).rstrip("s") if words else ""
    return (c.kind, c.amount, c.currency, item, c.quantity)


def _equivalents(c: ClaimCandidate, claims: Sequence[ClaimCandidate]) -> list[tuple[str, Decimal]]:
    """The claim's sum and its conversions stated beside it: "16 billion crowns ($1.59 billion)"."""
    out = [(c.currency, c.amount)] if c.amount is not None else []
    out.extend(
        (o.currency, o.amount)
        for o in claims
        if o.start == c.start and o.reason_code == "conversion" and o.amount is not None
    )
    return out


def _same_sum(a: list[tuple[str, Decimal]], b: list[tuple[str, Decimal]]) -> bool:
    return any(
        ca == cb and va > 0 and abs(va - vb) <= va * SUM_TOLERANCE for ca, va in a for cb, vb in b
    )


def _same_item(bare: ClaimCandidate, other: ClaimCandidate) -> bool:
    if bare.item_id is not None and bare.item_id == other.item_id:
        return True
    wanted = key(bare.item_text).rstrip("s")
    return len(wanted) >= 3 and wanted in key(other.sentence)


def _repeated(c: ClaimCandidate, claims: Sequence[ClaimCandidate], headline: int) -> bool:
    others = [o for o in claims if o is not c and o.start != c.start]
    in_headline = c.start < headline
    if _bare(c) and any(
        not _bare(o) and (o.donor == c.donor or c.donor is None) and _same_item(c, o)
        for o in others
        if in_headline or o.item_id == c.item_id
    ):
        return True
    if not in_headline or c.classification != NEW_PLEDGE:
        return False
    return any(
        o.classification == NEW_PLEDGE
        and o.start >= headline
        and (o.donor == c.donor or c.donor is None)
        and _signature(o) == _signature(c)
        for o in others
    )


def _restated(c: ClaimCandidate, claims: Sequence[ClaimCandidate], headline: int) -> bool:
    """A headline sum the body states again, in its own currency or as a conversion."""
    if c.start >= headline or c.kind != FUNDS or c.classification != NEW_PLEDGE:
        return False
    mine = _equivalents(c, claims)
    # Whatever the body makes of the figure (a pledge, a sum of parts), the headline only repeats it.
    if any(
        o.start >= headline and o.kind == FUNDS and _same_sum(mine, _equivalents(o, claims))
        for o in claims
        if o.reason_code != "conversion"
    ):
        return True
    # A headline rounds or converts the body's figure ("almost $175 million" above "1.3 billion kroner"): when
    # the body states a pledge of money by the same donor, the headline's sum is only its summary.
    return any(
        o.start >= headline
        and o.kind == FUNDS
        and o.classification == NEW_PLEDGE
        and (o.donor == c.donor or o.donor is None or c.donor is None)
        for o in claims
    )


def without_repeats(claims: list[ClaimCandidate], *, headline: int) -> list[ClaimCandidate]:
    """The headline's claims give way to the body's; a body sentence repeating a pledge is marked a repeat."""
    kept = [
        c
        for c in claims
        if not _repeated(c, claims, headline) and not _restated(c, claims, headline)
    ]
    seen: set[tuple[object, ...]] = set()
    out: list[ClaimCandidate] = []
    for c in kept:
        signature = (c.donor, *_signature(c))
        earlier_sum = (
            c.kind == FUNDS
            and any(
                o.start < c.start
                and o.kind == FUNDS
                and (o.classification == NEW_PLEDGE or o.reason_code in ("sum_of_parts", "mixed"))
                and (o.donor == c.donor or c.donor is None)
                and _same_sum(_equivalents(o, kept), _equivalents(c, kept))
                for o in out
            )
        ) or _restates_package(c, out)
        seen_before = signature in seen or (
            c.donor is None and any(tuple(x[1:]) == tuple(signature[1:]) for x in seen)
        )
        if c.classification == NEW_PLEDGE and (
            ((c.amount is not None or c.quantity is not None) and seen_before)
            or earlier_sum
            or _priced_elsewhere(c, kept)
        ):
            c = dataclasses.replace(
                c, classification=BACKGROUND, reason_code="repeat", reason_params={}
            )
        elif c.classification == NEW_PLEDGE and _contains_earlier_pledge(c, kept, out):
            c = dataclasses.replace(
                c,
                classification=BACKGROUND,
                reason_code="envelope",
                reason_params={"cue": c.evidence},
            )
        elif c.classification == NEW_PLEDGE:
            seen.add(signature)
        out.append(c)
    return out


def _contains_earlier_pledge(
    c: ClaimCandidate, claims: Sequence[ClaimCandidate], before: Sequence[ClaimCandidate]
) -> bool:
    """ "€2 billion in accelerated support, which includes a €500 million drone project" after the €500 million
    was stated as the pledge: the larger sum is the envelope around it."""
    if c.kind != FUNDS:
        return False
    parts = [
        p
        for p in claims
        if p.start == c.start
        and p.reason_code == "part"
        and p.reason_params.get("of") == c.evidence
    ]
    return any(
        o.kind == FUNDS
        and o.classification == NEW_PLEDGE
        and (o.donor == c.donor or None in (o.donor, c.donor))
        and _same_sum(_equivalents(o, claims), _equivalents(p, claims))
        for p in parts
        for o in before
    )


def _priced_elsewhere(c: ClaimCandidate, claims: Sequence[ClaimCandidate]) -> bool:
    """ "50 armoured vehicles will be transferred … $650 million for 50 armoured vehicles": the count stated
    again with its price is one pledge, the priced one."""
    if c.kind != IN_KIND or c.amount is not None or c.quantity is None:
        return False
    return any(
        o is not c
        and o.kind == IN_KIND
        and o.classification == NEW_PLEDGE
        and o.amount is not None
        and o.quantity == c.quantity
        and (o.donor == c.donor or None in (o.donor, c.donor))
        and _signature(o)[3] == _signature(c)[3]
        for o in claims
    )


def _restates_package(c: ClaimCandidate, before: Sequence[ClaimCandidate]) -> bool:
    """ "… a package of 1.23 billion dollars. This package is worth 13 billion kroner.": the value again, in
    another currency (roughly the same, at rough rates)."""
    if c.kind != FUNDS or c.amount is None or not PACKAGE_RESTATED.search(c.sentence):
        return False
    mine = _rough(c.currency, c.amount)
    return mine is not None and any(
        o.kind == FUNDS
        and o.classification == NEW_PLEDGE
        and o.start < c.start
        and o.currency != c.currency
        and o.amount is not None
        and (o.donor == c.donor or c.donor is None)
        and (theirs := _rough(o.currency, o.amount)) is not None
        and abs(theirs - mine) <= 0.35 * max(theirs, mine)
        for o in before
    )


def _rough(currency: str, amount: Decimal) -> float | None:
    return rough_eur(MoneyMention(amount, currency, 0, 0, ""))


def _parts_of(total: ClaimCandidate, after: list[ClaimCandidate]) -> list[ClaimCandidate]:
    assert total.amount is not None
    run: list[ClaimCandidate] = []
    running = Decimal(0)
    for c in after:
        if (
            c.currency != total.currency
            or (total.donor is not None and c.donor not in (None, total.donor))
            or c.amount is None
        ):
            break
        run.append(c)
        running += c.amount
        if running >= total.amount * (1 - SUM_TOLERANCE):
            break
    close = abs(running - total.amount) <= total.amount * SUM_TOLERANCE
    # Only a split by mechanism (PDA and USAI) makes the parts the pledges; parts by purpose are sub-allocations.
    mechanisms = {c.mechanism for c in run}
    by_mechanism = len(mechanisms) == len(run) and "" not in mechanisms
    return run if len(run) >= 2 and close and by_mechanism else []


def sums_of_parts(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    out = list(claims)
    for i, total in enumerate(out):
        if total.classification != NEW_PLEDGE or total.kind != FUNDS or total.amount is None:
            continue
        after = [
            c
            for c in out[i + 1 :]
            if (c.classification == NEW_PLEDGE or c.reason_code == "part")
            and c.kind == FUNDS
            and c.start - total.start <= PARTS_WITHIN_CHARS
        ]
        parts = _parts_of(total, after)
        if not parts:
            continue
        out[i] = dataclasses.replace(
            total,
            classification=NOT_A_PLEDGE,
            reason_code="sum_of_parts",
            reason_params={"parts": " + ".join(p.evidence for p in parts)},
        )
        for part in parts:
            at = out.index(part)
            out[at] = dataclasses.replace(
                part,
                classification=NEW_PLEDGE,
                reason_code=total.reason_code,
                reason_params=total.reason_params,
                donor=part.donor or total.donor,
                donor_text=part.donor_text or total.donor_text,
            )
    return out


def mixed_totals(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """ "NOK 7bn, of which NOK 6bn for air defence and NOK 1bn for civilian support": the military part is the
    pledge, the mixed total is not."""
    out = list(claims)
    for i, total in enumerate(out):
        if total.classification != NEW_PLEDGE or total.kind != FUNDS:
            continue
        parts = [c for c in out[i + 1 :] if c.reason_params.get("of") == total.evidence]
        # "a €500 million aid package, of which 350 million for military needs": naming the military share
        # makes the rest something else.
        military = [
            c
            for c in parts
            if c.reason_code == "part"
            and _MILITARY_SHARE.search(_after(c))
            and not _MILITARY_SHARE.search(_after(total))
        ]
        if not military and not any(c.reason_code in ("civilian", "others_money") for c in parts):
            continue
        out[i] = dataclasses.replace(
            total,
            classification=NOT_A_PLEDGE,
            reason_code="mixed",
            reason_params={"parts": " + ".join(c.evidence for c in parts)},
        )
        for part in (c for c in parts if c.reason_code == "part"):
            out[out.index(part)] = dataclasses.replace(
                part,
                classification=NEW_PLEDGE,
                reason_code=total.reason_code,
                reason_params=total.reason_params,
                donor=part.donor or total.donor,
                donor_text=part.donor_text or total.donor_text,
            )
    return out


_MILITARY_SHARE = re.compile(
    r"^[^.;]{0,60}?\b(?:military (?:needs|support|aid|assistance|package|purposes|part)|defen[cs]e needs)\b",
    re.IGNORECASE,
)


def _after(c: ClaimCandidate) -> str:
    at = c.evidence_end - c.start
    return c.sentence[at:]


def with_main_donor(claims: list[ClaimCandidate], donor: str | None) -> list[ClaimCandidate]:
    """A new pledge with no donor in reach takes the party the whole article is about, at lower confidence;
    not one whose giver the text names as someone else ("another partner", "allies"): that stays unassigned."""
    if donor is None:
        return claims
    return [
        dataclasses.replace(
            c,
            donor=donor,
            currency=currency_of_words(c.currency, c.evidence, donor) if c.currency else c.currency,
            confidence=round(max(c.confidence - 0.1, 0.2), 2),
            notes=(*c.notes, f"donor {donor}: the party the article is about"),
        )
        if c.classification == NEW_PLEDGE and c.donor is None and not c.donor_text
        else c
        for c in claims
    ]
