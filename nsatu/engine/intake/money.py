"""Sums of money in text: "$2 billion", "€500m", "500 million euros", "NOK 1.5bn", "tens of billions of dollars".

A regular expression with ISO 4217 codes rather than a general price parser: news writes amounts with scale
words ("bn", "million") that price parsers do not multiply, and several amounts share a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SYMBOLS = {
    "US$": "USD",
    "S$": "SGD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "¥": "JPY",
}
_CODES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "JPY",
    "NOK",
    "SEK",
    "DKK",
    "PLN",
    "CHF",
    "CZK",
    "NZD",
    "KRW",
    "UAH",
    "HUF",
    "RON",
    "ISK",
    "SGD",
    "HKD",
)
_WORDS = {
    "US dollars": "USD",
    "U.S. dollars": "USD",
    "Canadian dollars": "CAD",
    "Australian dollars": "AUD",
    "New Zealand dollars": "NZD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "South Korean won": "KRW",
    "Korean won": "KRW",
    "won": "KRW",
    "sterling": "GBP",
    "Norwegian kroner": "NOK",
    "Norwegian krone": "NOK",
    "Norwegian crowns": "NOK",
    "kroner": "NOK",
    "Danish kroner": "DKK",
    "Danish krone": "DKK",
    "Danish crowns": "DKK",
    "Swedish kronor": "SEK",
    "Swedish krona": "SEK",
    "Swedish crowns": "SEK",
    "Swedish krona/kronor": "SEK",
    "kronor": "SEK",
    "krona": "SEK",
    "Swedish Kronas": "SEK",
    "Swedish kronas": "SEK",
    "Kronas": "SEK",
    "kronas": "SEK",
    "krone": "NOK",
    "Czech crowns": "CZK",
    "Czech korunas": "CZK",
    "Czech koruna": "CZK",
    "Polish zlotys": "PLN",
    "Polish zloty": "PLN",
    "Japanese yen": "JPY",
    "Swiss franc": "CHF",
    "Canadian dollar": "CAD",
    "Australian dollar": "AUD",
    "British pounds": "GBP",
    "zlotys": "PLN",
    "zloty": "PLN",
    "Swiss francs": "CHF",
    "yen": "JPY",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "korunas": "CZK",
    "crowns": "CZK",
}
# A bare "kroner" or "crowns" belongs to the donor that spends it: Denmark writes kroner too.
DONOR_CURRENCY = {
    ("NOK", "DNK"): "DKK",
    ("SEK", "DNK"): "DKK",
    ("SEK", "NOR"): "NOK",
    ("NOK", "SWE"): "SEK",
    ("CZK", "SWE"): "SEK",
    ("CZK", "NOR"): "NOK",
    ("CZK", "DNK"): "DKK",
}
_DONOR_DOLLARS = {"CAN": "CAD", "AUS": "AUD", "NZL": "NZD"}
_BARE_WORDS = frozenset({"kroner", "kronor", "crowns", "krone", "krona"})
_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bln": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?![\d,])|\d+(?:\.\d+)?"
_SCALE = (
    r"(?:\s?(?i:thousand|million|billion|trillion|mln|bln|mn|bn|tn)(?![A-Za-z])"
    r"|(?:m|b|k|M|B|K|BN|Bn|MN|Mn)(?![A-Za-z]))"
)
# "three billion euros", "one billion Norwegian kroner": the number written as a word.
_WORD_NUMBERS: dict[str, Decimal] = {
    "a": Decimal(1),
    "one": Decimal(1),
    "two": Decimal(2),
    "three": Decimal(3),
    "four": Decimal(4),
    "five": Decimal(5),
    "six": Decimal(6),
    "seven": Decimal(7),
    "eight": Decimal(8),
    "nine": Decimal(9),
    "ten": Decimal(10),
    "half a": Decimal("0.5"),
}
_SYMBOL = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_CODE = "|".join(_CODES)
_WORD = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))

# "€40-50 million", "600–700 million korunas": a range shares the scale of its upper end; the claim takes the
# lower end, as it takes "at least €40 million".
_RANGE = rf"(?:\s?(?:-|–|to)\s?(?:{_SYMBOL})?(?={_NUM}{_SCALE})(?:{_NUM}))?"
_PREFIXED = re.compile(
    rf"(?P<sym>{_SYMBOL})\s?(?P<num>{_NUM}){_RANGE}(?P<scale>{_SCALE})?(?![\w.,]\d)"
    rf"|(?<![A-Za-z])(?P<code>{_CODE})\s?(?P<num2>{_NUM}){_RANGE}(?P<scale2>{_SCALE})?(?!\w)"
)
_SUFFIXED = re.compile(
    rf"(?<![\w$€£¥.])(?P<num>{_NUM}){_RANGE}(?P<scale>{_SCALE})?\s(?:of\s)?"
    rf"(?:(?P<word>{_WORD})|(?P<code>{_CODE}))(?!\w)"
)
_SPELLED = re.compile(
    r"(?<![\w$€£¥.])(?P<num>(?i:half a|one|two|three|four|five|six|seven|eight|nine|ten|a))\s"
    r"(?P<scale>(?i:million|billion|trillion))\s(?:of\s)?"
    rf"(?:(?P<word>{_WORD})|(?P<code>{_CODE}))(?!\w)"
)
_VAGUE = re.compile(
    r"(?:tens|hundreds|dozens) of (?P<scale>thousands|millions|billions) of (?P<word>dollars|euros|pounds)"
    r"|(?P<sym>[$€£])(?P<scale2>millions|billions)"
)


@dataclass(frozen=True)
class MoneyMention:
    amount: Decimal | None  # None: the text gives an order of magnitude only ("tens of billions")
    currency: str
    start: int
    end: int
    text: str
    bare_word: bool = False  # "kroner", "crowns": the donor's country decides which currency

    @property
    def vague(self) -> bool:
        return self.amount is None


# "$680 million (USD $500 million)", "$100 million (US$74 million)": the second names the US dollar outright, so the
# first is another dollar (the donor's own) and the second its conversion.
_US_NAMED = re.compile(r"(?:\b(?:USD|US|U\.S\.)\s*)$")


def other_currency(first: MoneyMention, second: MoneyMention, gap: str) -> bool:
    """The two sums are written in different currencies, as far as the text tells."""
    if first.currency != second.currency:
        return True
    bare_dollar = first.text.startswith("$")
    return bare_dollar and (second.text.startswith("US$") or bool(_US_NAMED.search(gap)))


def currency_for(money: MoneyMention, donor: str | None, *, converted: bool = False) -> str:
    if donor is None:
        return money.currency
    if money.text.startswith("$") and not converted and donor in _DONOR_DOLLARS:
        return _DONOR_DOLLARS[
            donor
        ]  # Canadian and Australian outlets write their own dollar as "$"
    if not money.bare_word:
        return money.currency
    return DONOR_CURRENCY.get((money.currency, donor), money.currency)


def currency_of_words(currency: str, words: str, donor: str) -> str:
    """A sum's currency once its donor is known from elsewhere in the article ("4.2 billion kroner", Denmark)."""
    last = words.split()[-1].lower() if words.split() else ""
    if words.startswith("$") and currency == "USD" and donor in _DONOR_DOLLARS:
        return _DONOR_DOLLARS[donor]
    if last in _BARE_WORDS:
        return DONOR_CURRENCY.get((currency, donor), currency)
    return currency


def _value(number: str, scale: str | None) -> Decimal | None:
    if not scale and _DOTTED_THOUSANDS.match(number):
        # "500.000 euros" in continental writing: no aid is worth five hundred euros, so the dots group thousands.
        number = number.replace(".", "")
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    if scale:
        value *= _SCALES[scale.strip().lower()]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# "around 13 million ($9.5 million)": a scaled number whose currency the text named before, then converted.
_BARE_BEFORE_CONVERSION = re.compile(
    rf"(?<![\w$€£.,])(?P<num>{_NUM})(?P<scale>\s?(?:thousand|million|billion))\s*\(\s*"
    r"(?:about|around|roughly|approximately|some|nearly|almost)?\s*$",
    re.IGNORECASE,
)


def _bare_before_conversions(text: str, found: list[MoneyMention]) -> list[MoneyMention]:
    """The bare amount before a converted one takes the currency of the amount named before it."""
    added: list[MoneyMention] = []
    for index, money in enumerate(found):
        earlier = [m for m in found[:index] if m.currency != money.currency]
        match = _BARE_BEFORE_CONVERSION.search(text[max(0, money.start - 40) : money.start])
        if not earlier or match is None:
            continue
        amount = _value(match.group("num"), match.group("scale"))
        start = money.start - len(match.group(0))
        end = start + len(match.group("num")) + len(match.group("scale"))
        named = any(
            m.start < end and start < m.end for m in found
        )  # "NOK 7 billion (€600m)" has its own
        if amount is not None and not named:
            added.append(MoneyMention(amount, earlier[-1].currency, start, end, text[start:end]))
    return added


def find_money(text: str) -> list[MoneyMention]:
    found: list[MoneyMention] = []

    def overlaps(start: int, end: int) -> bool:
        return any(m.start < end and start < m.end for m in found)

    for match in _PREFIXED.finditer(text):
        if match.group("sym"):
            currency, number, scale = (
                _SYMBOLS[match.group("sym")],
                match.group("num"),
                match.group("scale"),
            )
        else:
            currency, number, scale = (
                match.group("code"),
                match.group("num2"),
                match.group("scale2"),
            )
        amount = _value(number, scale)
        if amount is not None:
            found.append(MoneyMention(amount, currency, match.start(), match.end(), match.group(0)))
    for match in _SUFFIXED.finditer(text):
        if overlaps(match.start(), match.end()):
            continue
        word = match.group("word")
        currency = _WORDS[word] if word else match.group("code")
        amount = _value(match.group("num"), match.group("scale"))
        if amount is not None:
            found.append(
                MoneyMention(
                    amount,
                    currency,
                    match.start(),
                    match.end(),
                    match.group(0),
                    bare_word=bool(word) and word.lower() in _BARE_WORDS,
                )
            )
    for match in _SPELLED.finditer(text):
        if overlaps(match.start(), match.end()):
            continue
        word = match.group("word")
        multiplier = _WORD_NUMBERS[match.group("num").lower()]
        found.append(
            MoneyMention(
                (multiplier * _SCALES[match.group("scale").lower()]).quantize(Decimal(1)),
                _WORDS[word] if word else match.group("code"),
                match.start(),
                match.end(),
                match.group(0),
                bare_word=bool(word) and word.lower() in _BARE_WORDS,
            )
        )
    for match in _VAGUE.finditer(text):
        if overlaps(match.start(), match.end()):
            continue
        currency = (
            _WORDS[match.group("word")] if match.group("word") else _SYMBOLS[match.group("sym")]
        )
        found.append(MoneyMention(None, currency, match.start(), match.end(), match.group(0)))
    found.sort(key=lambda m: m.start)
    return sorted(found + _bare_before_conversions(text, found), key=lambda m: m.start)


# Rough rates to the euro, only to tell a part from its whole when the text names them in two currencies
# ("1.1 billion kroner (about €150 million) … over €53 million for training"); never used to convert a claim.
_ROUGH_EUR = {
    "EUR": 1.0,
    "USD": 0.9,
    "GBP": 1.15,
    "CAD": 0.67,
    "AUD": 0.6,
    "NZD": 0.55,
    "CHF": 1.0,
    "JPY": 0.006,
    "NOK": 0.086,
    "SEK": 0.087,
    "DKK": 0.134,
    "ISK": 0.0066,
    "PLN": 0.23,
    "CZK": 0.04,
    "HUF": 0.0025,
    "RON": 0.2,
    "UAH": 0.022,
    "KRW": 0.00068,
}


def rough_eur(money: MoneyMention) -> float | None:
    """The sum in euros at a rough rate, or None for an order of magnitude or an unknown currency."""
    rate = _ROUGH_EUR.get(money.currency)
    return None if rate is None or money.amount is None else float(money.amount) * rate
