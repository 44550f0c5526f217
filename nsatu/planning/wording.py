"""The engine's explanations in the reader's language.

The engine (pure Python, no translations) words each shortfall reason and each plan line's "why" as one English
sentence with its figures and names. The pages read those back out and say the sentence in the active language;
a sentence the engine words otherwise falls back to a label (a reason) or to the engine's words (a line).
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# What a shortfall's reason says without naming a record or counting offers: the text the engine wrote
# names requirements, offers and funds, some of which the reader may not see.
REASON_LABELS = {
    "no_compatible_offer": gettext_lazy("no offer or fund is eligible for it"),
    "arrives_late": gettext_lazy("eligible offers arrive only after it is needed"),
    "hub_capacity": gettext_lazy("units left over could arrive only through hubs that are full"),
    "funds_exhausted": gettext_lazy("eligible funds are used up"),
    "taken_by_higher_priority": gettext_lazy(
        "units that could have arrived in time went to requirements where they count at least as much"
    ),
    "new_type_avoided": gettext_lazy(
        "eligible offers would bring an item type new to the fleet; the penalty outweighs their value"
    ),
    "unused_offer": gettext_lazy("eligible offers still had units that could arrive in time"),
    "not_enough_offered": gettext_lazy(
        "every eligible offer that arrives in time is used; together they hold too few"
    ),
}


# The engine (pure Python, no translations) words each reason as one English sentence with its figures and
# names; the page reads them back out and says the sentence in the reader's language. A sentence the engine
# words otherwise falls back to the reason's label, never to English.
_OFFERS = r"(?P<names>.+)"
REASON_SENTENCES: dict[str, tuple[tuple[re.Pattern[str], Promise], ...]] = {
    "no_compatible_offer": (
        (
            re.compile(r"no offer or fund is eligible for it \(item types (?P<types>.*)\)"),
            gettext_lazy("no offer or fund is eligible for it (item types %(types)s)"),
        ),
    ),
    "arrives_late": (
        (
            re.compile(
                r"(?P<n>\d+) eligible offer\(s\) arrive only after month (?P<last>\d+) \(needed by month "
                r"(?P<needed>\d+), at most (?P<late>\d+) months late counts\); the earliest in month (?P<first>\d+)"
            ),
            gettext_lazy(
                "%(n)s eligible offer(s) arrive only after month %(last)s (needed by month %(needed)s, at "
                "most %(late)s months late counts); the earliest in month %(first)s"
            ),
        ),
        (
            re.compile(
                r"(?P<n>\d+) eligible offer\(s\) arrive only after month (?P<last>\d+) \(needed by month "
                r"(?P<needed>\d+), at most (?P<late>\d+) months late counts\); the earliest in beyond the horizon"
            ),
            gettext_lazy(
                "%(n)s eligible offer(s) arrive only after month %(last)s (needed by month %(needed)s, at "
                "most %(late)s months late counts); the earliest beyond the horizon"
            ),
        ),
    ),
    "hub_capacity": (
        (
            re.compile(
                r"units left over could arrive only through hub\(s\) (?P<hubs>.+), full in month\(s\) "
                r"(?P<months>.+)"
            ),
            gettext_lazy(
                "units left over could arrive only through hub(s) %(hubs)s, full in month(s) %(months)s"
            ),
        ),
    ),
    "funds_exhausted": (
        (
            re.compile("eligible funds are used up: " + _OFFERS),
            gettext_lazy("eligible funds are used up: %(names)s"),
        ),
    ),
    "taken_by_higher_priority": (
        (
            re.compile(
                "units that could have arrived in time went to requirements where they count at least "
                "as much: " + _OFFERS
            ),
            gettext_lazy(
                "units that could have arrived in time went to requirements where they count at least "
                "as much: %(names)s"
            ),
        ),
    ),
    "new_type_avoided": (
        (
            re.compile(
                r"eligible offers \("
                + _OFFERS
                + r"\) would bring an item type new to the fleet; the "
                r"penalty outweighs their value"
            ),
            gettext_lazy(
                "eligible offers (%(names)s) would bring an item type new to the fleet; the penalty "
                "outweighs their value"
            ),
        ),
    ),
    "unused_offer": (
        (
            re.compile("eligible offers still had units that could arrive in time: " + _OFFERS),
            gettext_lazy("eligible offers still had units that could arrive in time: %(names)s"),
        ),
    ),
    "not_enough_offered": (
        (
            re.compile(
                r"every eligible offer that arrives in time is used \("
                + _OFFERS
                + r"\); together they "
                r"hold too few"
            ),
            gettext_lazy(
                "every eligible offer that arrives in time is used (%(names)s); together they hold too few"
            ),
        ),
    ),
}
_MORE = re.compile(r"(?P<shown>.*) and (?P<more>\d+) more")


def _offer_names(names: str) -> str:
    """The offers a reason names ("t1, f2 (money) and 3 more") in the reader's language; ids stay as they are."""
    more = _MORE.fullmatch(names)
    shown = more["shown"] if more else names
    money = _("money")
    shown = shown.replace(" (money)", f" ({money})")
    if not more:
        return shown
    n = int(more["more"])
    return ngettext("%(shown)s and %(n)s more", "%(shown)s and %(n)s more", n) % {
        "shown": shown,
        "n": n,
    }


def reason_text(code: str, text: str) -> str:
    """A shortfall's reason as the engine wrote it (`code`, English `text`), worded in the active language."""
    for pattern, sentence in REASON_SENTENCES.get(code, ()):
        if found := pattern.fullmatch(text):
            values = found.groupdict()
            if "names" in values:
                values["names"] = _offer_names(values["names"])
            return str(sentence) % values
    return str(REASON_LABELS.get(code, text))


# A plan line's "why" (engine/allocation/explain.py, LineExplainer): when it arrives, from which offer, and why
# no earlier offer took its place.
LINE_REASON = re.compile(
    r"(?:(?P<earliest>earliest arrival)|arrival held back by hub (?P<hub>.+?) capacity|arrival) "
    r"\(month (?P<month>\d+), needed by month (?P<needed>\d+)(?:, (?P<late>\d+) months late)?\) "
    r"from (?:(?P<donor>\S+)'s tranche (?P<tranche>\S+)"
    r"|(?P<funder>\S+)'s funds (?P<fund>\S+) \((?P<channel>.+?)\) buying (?P<item_type>.+?)); "
    r"(?:(?P<none_free>no earlier eligible offer was free)"
    r"|(?P<on_time>it is on time, so an earlier offer would add nothing)"
    r"|eligible offer (?P<other>\S+) ready in month (?P<other_month>\d+) still had units left)"
)


def line_reason_text(text: str) -> str:
    """A plan line's "why" as the engine wrote it (English), worded in the active language."""
    found = LINE_REASON.fullmatch(text)
    if found is None:
        return text
    v = found.groupdict()
    if v["earliest"]:
        timing = _("earliest arrival")
    elif v["hub"]:
        timing = _("arrival held back by hub %(hub)s capacity") % {"hub": v["hub"]}
    else:
        timing = _("arrival")
    when = _("month %(month)s, needed by month %(needed)s") % v
    if v["late"]:
        late = int(v["late"])
        when += ngettext(", %(n)s month late", ", %(n)s months late", late) % {"n": late}
    if v["channel"] == "national":  # the instance's word for a pledge with no stated mechanism
        v["channel"] = _("national")
    if v["tranche"]:
        source = _("%(donor)s's tranche %(tranche)s") % v
    else:
        source = _("%(funder)s's funds %(fund)s (%(channel)s) buying %(item_type)s") % v
    if v["none_free"]:
        earlier = _("no earlier eligible offer was free")
    elif v["on_time"]:
        earlier = _("it is on time, so an earlier offer would add nothing")
    else:
        earlier = (
            _("eligible offer %(other)s ready in month %(other_month)s still had units left") % v
        )
    return _("%(timing)s (%(when)s) from %(source)s; %(earlier)s") % {
        "timing": timing,
        "when": when,
        "source": source,
        "earlier": earlier,
    }
