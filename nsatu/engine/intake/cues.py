"""The words that decide whether an amount is a new pledge. Each rule is a named pattern, so a claim's reason can
quote the words that triggered it; docs/intake.md lists them in the order they are tried."""

from __future__ import annotations

import re

PLEDGE_VERB = re.compile(
    r"\b(?:announc\w*|pledg\w*|commit\w*|provid\w*|send(?:s|ing)?|sent|deliver\w*|donat\w*|giv(?:e|es|ing)|gave"
    r"|allocat\w*|approv\w*|unveil\w*|promis\w*|offer\w*|transfer\w*|suppl(?:y|ies|ied|ying)|fund(?:s|ed|ing)?"
    r"|financ\w*|contribut\w*|earmark\w*|dispatch\w*|ship(?:s|ped|ping)?|hand(?:s|ed|ing)? over|set aside"
    r"|sign(?:s|ed)?|agree(?:s|d)?|packages?)\b",
    re.IGNORECASE,
)
# A cumulative total is announced by words before the amount ("bringing the total to €7bn") or after it
# ("€7bn so far"); each amount is checked against the words on its own side only, so a new pledge followed by
# the donor's new total in the same sentence keeps its own classification.
_SINCE = (
    r"since the (?:start|beginning|outbreak)|since (?:February |Feb\. )?2022|since the (?:full-scale|Russian) "
    r"invasion|since the war began"
)
CUMULATIVE_BEFORE = re.compile(
    r"\b(?:br(?:ought|ing|ings|inging) (?:the|its|their|his|her) (?:[\w.]+(?:'s|’s) )?(?:[\w-]+ ){0,2}"
    r"(?:total|tally|sum)|(?:the|its|their) (?:overall |total |combined )?(?:total|tally)(?: [\w-]+){0,3} (?:to|of|at)"
    rf"|{_SINCE}|cumulative\w*|overall|altogether"
    r"|already (?:provided|furnished|delivered|given|sent|allocated|committed|pledged|spent|donated|supplied)"
    r"|(?:has|have|had) (?:so far |now )?(?:provided|furnished|delivered|given|sent|donated|supplied) (?:Ukraine )?"
    r"(?:with )?(?:more than|over|some|about|nearly|almost|around))",
    re.IGNORECASE,
)
CUMULATIVE_AFTER = re.compile(
    rf"^[^.;,]{{0,60}}?\b(?:so far|to date|thus far|in total|in all|altogether|all told|{_SINCE})\b",
    re.IGNORECASE,
)
TARGET = re.compile(
    r"\b(?:goals?|targets?|objectives?|aim(?:s|ed)? to|proposals?|propos(?:e|es|ed|ing)|consider(?:s|ed|ing)?"
    r"|call(?:s|ed)? for|ask(?:s|ed|ing)?(?: \w+){0,3} for|request(?:s|ed|ing)?|seek(?:s|ing)?|sought|yet to"
    r"|hop(?:e|es|ed|ing) to"
    r"|could|might|wants? to|would like|needs?|needed|shortfall|requires?|required|if approved|pending approval)\b",
    re.IGNORECASE,
)
LOSSES = re.compile(
    r"\b(?:lost|loses|losing|loss(?:es)?|destroy(?:s|ed|ing)?|shot down|downed|killed|casualt(?:y|ies)|captured"
    r"|wounded|damaged|eliminated|seized)\b",
    re.IGNORECASE,
)
EARLIER = re.compile(
    r"\b(?:previously|earlier(?! this (?:week|month))|already announced|had (?:pledged|announced|promised|committed"
    r"|provided|approved)|last year's|recalled|was announced|were announced|announced (?:back )?in)\b",
    re.IGNORECASE,
)
COMPARISON = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|after|compared|than|similar to|match(?:es|ed|ing)?|on top of|in addition to"
    r"|second only to|like|as did|as has|joins?|joined)\b",
    re.IGNORECASE,
)
# A sentence that lists what a package already named contains: "The package includes 400 vehicles".
CONTENTS = re.compile(
    r"\b(?:(?:the|this|that|its|the new|the latest) (?:package|aid|tranche|assistance|support)\b.{0,40}?"
    r"\b(?:includ(?:es|ed|ing)|contain(?:s|ed)?|compris(?:es|ed)|consist(?:s|ed) of|is made up of)"
    r"|\b(?:it|which|they) (?:includes?|contains?|comprises?)|\bincluding\b)",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|next|upcoming|forthcoming|to be|is set to|are set to|plans? to)\b", re.IGNORECASE
)
# Text between two amounts that makes the second a conversion of the first: "€500m (about $540m)".
CONVERSION_GAP = re.compile(
    r"^\s*[(,\[–-]?\s*(?:or\s+)?(?:about|around|roughly|approximately|approx\.|some|nearly|almost|circa|ca\.|"
    r"equivalent to|the equivalent of|i\.e\.|worth|equal to|=|≈)?\s*(?:about|around|roughly|some)?\s*$",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|\s-\s|,?\s+(?:but|while|whereas|although|though)\s", re.IGNORECASE
)

MECHANISMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PDA", re.compile(r"\b(?:Presidential Drawdown Authority|PDA|drawdown)\b", re.IGNORECASE)),
    ("USAI", re.compile(r"\b(?:Ukraine Security Assistance Initiative|USAI)\b")),
    ("FMF", re.compile(r"\b(?:Foreign Military Financing|FMF)\b", re.IGNORECASE)),
    ("EPF", re.compile(r"\b(?:European Peace Facility|EPF)\b")),
    ("PURL", re.compile(r"\b(?:PURL|Prioriti[sz]ed Ukraine Requirements? List)\b", re.IGNORECASE)),
    ("ERA", re.compile(r"\b(?:Extraordinary Revenue Acceleration|ERA loans?)\b")),
)


def mechanism_in(text: str) -> str:
    for name, pattern in MECHANISMS:
        if pattern.search(text):
            return name
    return ""
