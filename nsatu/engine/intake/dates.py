"""Dates a sentence states, resolved against the document's publication date.

Candidate phrases are found by a regular expression (so "may" the verb is never a month), then dateparser
resolves each one: "in May" in an article of 4 June 2024 is May 2024, "on Monday" the Monday before. A phrase
that needs the publication date to mean anything ("last week") stays unresolved when the date is unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19|20)\d{2}"
_PHRASES = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    rf"|{_MONTH}\s+(?:of\s+)?{_YEAR}"
    rf"|{_MONTH}\s+of\s+(?:the\s+previous|last)\s+year"
    rf"|\b(?:in|In|on|On|since|Since|by|until|from|early|mid|late|last|Last|during|this|of|Early|Late|By)\s"
    rf"(?P<month>{_MONTH}(?:\s+of\s+(?:the\s+previous|last)\s+year|\s+(?:of\s+)?{_YEAR}"
    rf"|\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?(?!\d))?)"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|\b(?:in|In|since|Since|of|during|until|by|By)\s(?P<year>{_YEAR})(?![\d-])"
    rf"|(?:last|this|on|On|Last|This)\s+{_WEEKDAY}|{_WEEKDAY}(?=[,.]|\s+(?:night|morning|evening|afternoon))"
    r"|(?:yesterday|Yesterday|today|Today)"
    r"|(?:last|this|Last|This|earlier this|Earlier this|the previous|The previous)\s+(?:week|month|year)"
    r"|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago)"
)
_PREVIOUS_YEAR = re.compile(r"\s+of\s+(?:the\s+previous|last)\s+year$")
_RELATIVE = re.compile(
    r"yesterday|today|last|this|previous|ago|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(_YEAR)
_PERIOD_START = re.compile(r"\b(?:since|from)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    value: dt.date | None
    precision: str  # day, week, month, year
    start: int
    end: int
    text: str


@lru_cache(maxsize=8)
def _parser(reference: dt.date | None, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day, 12)
    return DateDataParser(languages=["en"], settings=settings)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_PHRASE = re.compile(rf"^(?:(?P<mod>on|last|this)\s+)?(?P<day>{_WEEKDAY})$", re.IGNORECASE)


def find_dates(text: str, *, reference: dt.date | None, prefer: str = "past") -> list[DateMention]:
    """`prefer` ("past" or "future") applies to a month named without its year; news is dated on the day, so a
    weekday is always the latest such day on or before it."""
    found: list[DateMention] = []
    for match in _PHRASES.finditer(text):
        # After a preposition only the month or year itself is the date ("in May" -> "May").
        group = "month" if match.group("month") else "year" if match.group("year") else 0
        phrase = match.group(group)
        value, precision = resolve(phrase, reference=reference, prefer=prefer)
        found.append(DateMention(value, precision, match.start(group), match.end(group), phrase))
    return found


def resolve(
    phrase: str, *, reference: dt.date | None, prefer: str = "past"
) -> tuple[dt.date | None, str]:
    weekday = _WEEKDAY_PHRASE.match(phrase)
    if weekday is not None:
        if reference is None:
            return None, "day"
        back = (reference.weekday() - _WEEKDAYS.index(weekday.group("day").lower())) % 7
        if back == 0 and (weekday.group("mod") or "").lower() == "last":
            back = 7
        return reference - dt.timedelta(days=back), "day"
    if re.search(r"\d", phrase) or not re.search(_MONTH, phrase):
        prefer = "past"
    shift_year = 0
    if _PREVIOUS_YEAR.search(phrase):
        phrase = _PREVIOUS_YEAR.sub("", phrase)
        shift_year = -1
        if reference is None:
            return None, "month"
        phrase = f"{phrase} {reference.year + shift_year}"
    needs_reference = bool(_RELATIVE.search(phrase)) or not _HAS_YEAR.search(phrase)
    if needs_reference and reference is None:
        return None, "month" if re.search(_MONTH, phrase) and not re.search(
            r"\d", phrase
        ) else "day"
    data = _parser(reference, prefer).get_date_data(re.sub(r"^(?:on|On)\s+", "", phrase))
    if data.date_obj is None:
        return None, "day"
    period = data.period or "day"
    value = data.date_obj.date()
    if period == "month":
        value = value.replace(day=1)
    elif period == "year":
        value = value.replace(month=1, day=1)
    return value, period


def earlier_mentioned(text: str, dates: list[DateMention], published: dt.date | None) -> bool:
    """Whether a sentence dates what it speaks of before the month of publication ("In May, …")."""
    # "since August 2021" opens a period; it dates nothing that happened then.
    dates = [d for d in dates if not _PERIOD_START.search(text[max(0, d.start - 7) : d.start])]
    if published is None:
        return any(d.value is None and d.precision == "month" for d in dates)
    return any(
        d.value is not None
        and d.precision in ("month", "year", "day")
        and (d.value.year, d.value.month) < (published.year, published.month)
        for d in dates
    )


# A date this many days before publication is an earlier announcement, not today's news.
EARLIER_AFTER_DAYS = 14
# "since 2022" starts a period that a total covers; it dates no announcement.
_SINCE_BEFORE = re.compile(r"\b(?:since|from|until|through)\s+(?:the\s+)?$", re.IGNORECASE)


def earlier_and_recent(
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
