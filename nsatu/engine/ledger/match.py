"""How two attestations are scored: what they report, their quantities and their dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from nsatu.engine.designations import fold, name_keys
from nsatu.engine.ledger.records import (
    _ALIAS,
    _D_EXACT,
    _D_FAR,
    _D_UNDATED,
    _D_YEAR,
    _FAMILY,
    _FUNDS,
    _NOT_A_NAME,
    _PREFIX,
    _Q_10,
    _Q_25,
    _Q_DIVIDES,
    _Q_EQUAL,
    _Q_UNKNOWN,
    _SAME_ITEM,
    _STEM,
    _STEM_RE,
    _WORD_RE,
    REMAINDER,
    WINDOW_DAYS,
    WITHDRAWN,
    Attestation,
    Match,
    Reason,
    _why,
)


def designation_keys(*texts: str) -> tuple[str, ...]:
    """Name keys (engine.designations) and designation stems of the texts: "AIM-7M Sparrow" gives
    aim7msparrow and the stem ~aim7 (marked so that a stem never equals a whole name key)."""
    keys: list[str] = []
    for text in texts:
        for key in _text_keys(text) if text else ():
            if key not in keys:
                keys.append(key)
    return tuple(keys)


# Item names and aliases repeat on every pledge of the type: folding them once per process is enough.
@lru_cache(maxsize=65536)
def _text_keys(text: str) -> tuple[str, ...]:
    keys = list(name_keys(text))
    for letters, digits in _STEM_RE.findall(fold(text)):
        stem = f"~{letters}{digits}"
        if stem not in keys:
            keys.append(stem)
    # The leading name ("Bushmaster" and "Bushmaster Protected Mobility Vehicle"): weak evidence, enough to
    # propose a pair to a coordinator, never to link it alone (see _PREFIX).
    words = _WORD_RE.findall(fold(text))
    if words and len(words[0]) >= 5 and words[0].isalpha() and words[0] not in _NOT_A_NAME:
        keys.append(f"^{words[0]}")
    return tuple(keys)


def _span(a: Attestation, window: dt.timedelta) -> tuple[dt.date, dt.date] | None:
    if a.announced_on is not None:
        return a.announced_on - window, a.announced_on + window
    if a.year is not None:
        return dt.date(a.year, 1, 1) - window, dt.date(a.year, 12, 31) + window
    return None


def dates_close(a: Attestation, b: Attestation, *, window_days: int = WINDOW_DAYS) -> bool | None:
    """Whether the two dates are close; None when either record is undated (nothing to tell them apart by).

    Exact dates: no more than the window apart. A year: the other's date within that year widened by the
    window; two years: the same year.
    """
    window = dt.timedelta(days=window_days)
    if a.announced_on is not None and b.announced_on is not None:
        return abs(a.announced_on - b.announced_on) <= window
    sa, sb = _span(a, window), _span(b, window)
    if sa is None or sb is None:
        return None
    if a.announced_on is not None:
        return sb[0] <= a.announced_on <= sb[1]
    if b.announced_on is not None:
        return sa[0] <= b.announced_on <= sa[1]
    return a.year == b.year


def _within(a: Decimal | int, b: Decimal | int, share: Decimal) -> bool:
    low, high = sorted((Decimal(a), Decimal(b)))
    return high > 0 and high - low <= share * high


# A part of the score: its points, and its reason as a code and named values. The Reason itself is made only
# for a pair worth keeping: a big donor's blocks score tens of thousands of pairs that stay below PROPOSE_AT.
type _Part = tuple[int, str, dict[str, object]]


def _quantity_part(a: int | None, b: int | None) -> _Part:
    if a is None or b is None or a == 0 or b == 0:
        return _Q_UNKNOWN, "q_unknown", {}
    if a == b:
        return _Q_EQUAL, "q_equal", {"a": a}
    if _within(a, b, Decimal("0.10")):
        return _Q_10, "q_10", {"a": a, "b": b}
    if _within(a, b, Decimal("0.25")):
        return _Q_25, "q_25", {"a": a, "b": b}
    if max(a, b) % min(a, b) == 0 and min(a, b) > 1:
        return _Q_DIVIDES, "q_divides", {"a": a, "b": b}
    return 0, "q_differ", {"a": a, "b": b}


def _value_part(a: Attestation, b: Attestation) -> _Part:
    """Money's amount is its quantity: the same sum entered twice is one donation (with the what part's
    0.50 and any date but a far one, it links), a sum 1 to 10 % apart is only proposed."""
    va, vb = a.value_eur or Decimal(0), b.value_eur or Decimal(0)
    if va == vb:
        return _Q_EQUAL, "q_equal", {"a": f"EUR {va}"}
    if _within(va, vb, Decimal("0.01")):
        return _Q_10, "q_10", {"a": f"EUR {va}", "b": f"EUR {vb}"}
    return 0, "q_differ", {"a": f"EUR {va}", "b": f"EUR {vb}"}


def _date_part(a: Attestation, b: Attestation) -> _Part:
    close = dates_close(a, b)
    if close is None:
        return _D_UNDATED, "undated", {}
    if not close:
        return _D_FAR, "far", {}
    if a.announced_on is not None and b.announced_on is not None:
        days = abs((a.announced_on - b.announced_on).days)
        return _D_EXACT, "days", {"days": days}
    return _D_YEAR, "year", {}


def _what_part(a: Attestation, b: Attestation) -> _Part | None:
    if a.kind == "funds":
        if a.value_eur is None or b.value_eur is None:
            return None
        if a.value_eur == b.value_eur or _within(a.value_eur, b.value_eur, Decimal("0.10")):
            return _FUNDS, "funds", {"a": a.value_eur, "b": b.value_eur}
        return None
    if a.item_id is not None and a.item_id == b.item_id:
        return _SAME_ITEM, "same_item", {}
    shared = set(a.keys) & set(b.keys)
    aliases = sorted(k for k in shared if not k.startswith(("~", "^")))
    if aliases:
        return _ALIAS, "alias", {"key": aliases[0]}
    stems = sorted(k[1:] for k in shared if k.startswith("~"))
    if stems:
        return _STEM, "stem", {"key": stems[0]}
    families = sorted(set(a.families) & set(b.families))
    if families:
        return _FAMILY, "family", {"key": families[0]}
    prefixes = sorted(k[1:] for k in shared if k.startswith("^"))
    if prefixes:
        return _PREFIX, "prefix", {"key": prefixes[0]}
    return None


def match_score(a: Attestation, b: Attestation) -> Match | None:
    """The score of two attestations and why; None when they cannot be one donation at all."""
    return match_at_least(a, b, 0)


def match_at_least(a: Attestation, b: Attestation, points: int) -> Match | None:
    """match_score for a pair that scores at least `points` hundredths; None for any other (its reasons are
    never written out)."""
    if a.pledge_id == b.pledge_id:
        return None
    if (a.donor, a.recipient, a.kind) != (b.donor, b.recipient, b.kind):
        return None
    if WITHDRAWN in (a.status, b.status) or REMAINDER in (a.dataset, b.dataset):
        return None
    if a.imported and a.dataset == b.dataset:
        return None
    what = _what_part(a, b)
    if what is None:
        return None
    quantity = _value_part(a, b) if a.kind == "funds" else _quantity_part(a.quantity, b.quantity)
    parts = (what, quantity, _date_part(a, b))
    total = max(0, min(100, sum(p for p, _, _ in parts)))
    if total < points:
        return None
    why = (_why("parties"), *(_why(code, **values) for _, code, values in parts))
    first, second = sorted((a.pledge_id, b.pledge_id))
    return _match(first, second, total / 100, why)


def _match(
    first: int, second: int, score: float, why: Sequence[Reason], decided: str = ""
) -> Match:
    return Match(first, second, score, tuple(r.text for r in why), decided, tuple(why))
