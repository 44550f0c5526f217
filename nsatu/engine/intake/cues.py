"""The words that decide whether an amount is a new pledge. Each rule is a named pattern, so a claim's reason can
quote the words that triggered it; docs/intake.md lists them in the order they are tried."""

from __future__ import annotations

import re

PLEDGE_VERB = re.compile(
    r"\b(?:announc\w*|pledg\w*|commit\w*|provid\w*|send(?:s|ing)?|sent|deliver\w*|donat\w*|giv(?:e|es|ing)|gave"
    r"|allocat\w*|approv\w*|unveil\w*|promis\w*|offer\w*|transfer\w*|suppl(?:y|ies|ied|ying)|fund(?:s|ed|ing)?"
    r"|financ\w*|contribut\w*|earmark\w*|dispatch\w*|ship(?:s|ped|ping)?|hand(?:s|ed|ing)? over|set aside"
    r"|sign(?:s|ed)?|agree(?:s|d)?|packages?|spend(?:s|ing)?|grant(?:s|ed|ing)?|releas(?:e|es|ed|ing)"
    r"|purchas\w*|procur\w*|buy(?:s|ing)?|bought|disburs\w*|tranches?|pay(?:s|ing)? for|paid for"
    r"|hand(?:s|ed|ing)?|authori[sz]\w*|drawdowns?|will (?:also )?receive|is (?:set|due) to receive|donation"
    r"|(?:increas|rais|boost)(?:e|es|ed|ing) (?:its|their|the|his|her) (?:support|aid|assistance|contribution))\b",
    re.IGNORECASE,
)
# A cumulative total is announced by words before the amount ("bringing the total to €7bn") or after it
# ("€7bn so far"); each amount is checked against the words on its own side only, so a new pledge followed by
# the donor's new total in the same sentence keeps its own classification.
_SINCE = (
    r"since the (?:start|beginning|outbreak)|since (?:(?:early|late|mid-?)\s?)?(?:(?:January|February|March|April"
    r"|May|June|July|August|September|October|November|December|Feb\.)\s)?(?:19|20)\d{2}"
    r"|since the (?:full-scale|Russian|Russia's|large-scale) (?:full-scale )?invasion|since the war (?:began|started)"
    r"|since Russia(?:'s|’s)? (?:\d{4} )?(?:full-scale |large-scale )?invasion|since Russia invaded"
)
CUMULATIVE_BEFORE = re.compile(
    r"\b(?:br(?:ought|ing|ings|inging) (?:the|its|their|his|her) (?:[\w.]+(?:'s|’s) )?(?:[\w-]+ ){0,2}"
    r"(?:total|tally|sum)|(?:the|its|their) (?:overall |total |combined )?(?:total|tally)"
    r"(?! (?:value|cost|price) of (?:the|this|that) (?:[\w-]+ ){0,2}(?:package|tranche|aid)\b)"
    r"(?: [\w-]+){0,3} (?:to|of|at)"
    # "the aid provided to Ukraine is now over …": a running total.
    r"|\b(?:is|are|stands?|totals?) now (?:at )?(?:(?:more than|over|about|some|nearly|almost|around)\s+)?$"
    # "The combined value of all packages sent so far is about …": every package together.
    r"|(?:the|its|their) (?:combined|total|overall|aggregate) (?:value|cost|worth) of (?:all|every)\b"
    r"|\b(?:so far|to date|thus far)\b[^.;]{0,40}?\b(?:is|was|amounts? to|stands? at|totals?)\s+"
    r"(?:(?:more than|over|about|some|nearly|almost|around)\s+)?$"
    rf"|{_SINCE}|cumulative\w*|overall|altogether"
    r"|already (?:provided|furnished|delivered|given|sent|allocated|committed|pledged|spent|donated|supplied"
    r"|approved(?: the allocation of)?)"
    r"|br\w* (?:the |its |their )?(?:total|overall|combined|value)\b[^.;]{0,80}?\bto"
    r"|(?:br(?:ing|ings|inging|ought)|rais(?:e|es|ed|ing)|tak(?:e|es|ing)|took|lift(?:s|ed|ing)?"
    r"|doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing))"
    r" (?:the|its|their|[\w.]+(?:'s|’s))\b[^.;]{0,80}?\b(?:up )?to\s+"
    r"(?:(?:more than|over|about|some|nearly|almost|around)\s+)?$"
    r"|existing (?:commitments?|pledges?)\b[^.;]{0,40}?"
    r"|(?:has|have|had) (?:so far |now |already )?(?:provided|furnished|delivered|given|sent|donated|supplied|spent"
    r"|allocated|disbursed|promised|pledged|committed|contributed|dispatched) (?:Ukraine |Kyiv )?"
    # "has so far contributed military aid worth more than", "has now provided the Ukrainian military with more than"
    r"(?:(?:the |its )?(?:[\w-]+ ){0,3}(?:with|worth) )?(?:more than|over|some|about|nearly|almost|around))",
    re.IGNORECASE,
)
# "our 31st drawdown since August 2021": the period counts packages, not money.
ORDINAL_BEFORE = re.compile(r"\b\d+(?:st|nd|rd|th)\b[^;]{0,80}$", re.IGNORECASE)
CUMULATIVE_AFTER = re.compile(
    rf"^(?:[^.;,]|(?<=\d)[.,](?=\d)){{0,60}}?\b(?:so far|to date|thus far|in total|in all|altogether|all told"
    rf"|as of|{_SINCE}"
    r"|in the period|over the period|for the period|(?:19|20)\d{2}\s?[–-]\s?(?:19|20)\d{2}"
    r"|(?:in|over|during) (?:just )?the (?:last|past|first) (?:\w+ )?(?:months|years|weeks)\b"
    r"|\bin (?:just )?(?:\w+ )?(?:months|weeks)\b)",
    re.IGNORECASE,
)
# A sum for several years or for every year is a programme, not one day's package: "€8.3 billion … for 2026 to
# 2029", "£3 billion a year".
PROGRAMME_AFTER = re.compile(
    r"^(?:[^.;,]|(?<=\d)[.,](?=\d)){0,60}?\b(?:(?:for|from|between) (?:19|20)\d{2} (?:to|and|until|through)"
    r" (?:19|20)\d{2}|annually|a year|per year|each year|every year|per annum)\b",
    re.IGNORECASE,
)
# "Next year, Denmark will allocate …", "its annual €3bn", "In its budget 2022, Canada allocated …".
PROGRAMME_BEFORE = re.compile(
    r"^\s*next year\b|\b(?:annual|yearly)\s+(?:\w+\s+)?$|\bin (?:its|the|their) (?:\d{4} )?budget\b",
    re.IGNORECASE,
)
TARGET = re.compile(
    r"\b(?:goals?|targets?|objectives?|aim(?:s|ed)? to|proposals?|propos(?:e|es|ed|ing)|consider(?:s|ed|ing)?"
    r"|call(?:s|ed)? for|ask(?:s|ed|ing)?(?: \w+){0,3} for|request(?:s|ed|ing)?|seek(?:s|ing)?|sought|yet to"
    r"|hop(?:e|es|ed|ing) to"
    r"|could|might|wants? to|would like|needs? to|needed to|in need of|shortfall|requires?|required|if approved"
    r"|pending approval|deadline|(?:be )?able to|dismissed|rejected"
    r"|(?:is|are|was|were) expected to|expected to be|(?:is|are) preparing|preparing to|read(?:ies|ying)"
    r"|(?:plans?|planning|intends?) to (?:approve|adopt|decide)"
    r"|not yet(?! (?:been )?(?:named|identified|disclosed))|no intention"
    r"|(?:has|have|had|did|does|do) not (?:yet )?(?:agreed|agree|decided|approved|include"
    r"|provided|sent|committed)|(?:refus|declin)(?:e|es|ed|ing) (?:to|a)|ruled? out"
    r"|prevent\w* the release|block(?:s|ed|ing)|veto(?:es|ed|ing)?)\b",
    re.IGNORECASE,
)
# "types of equipment that have not yet been delivered to Ukraine": what is new in a package, not a wish.
NOT_YET_NEW = re.compile(
    r"\b(?:types?|kinds?|capabilit(?:y|ies)|systems?|equipment)\b[^.;]{0,40}\b(?:that|which) (?:have|has) not yet"
    r" been (?:delivered|sent|provided|supplied|given)\b",
    re.IGNORECASE,
)
# "on the government's proposal, the president approved": the proposal is the path of a decision taken.
PROPOSAL_TAKEN = re.compile(
    r"\b(?:on|at|upon|following)\s+(?:the\s+)?(?:[\w.]+(?:'s|’s)\s+)?$", re.IGNORECASE
)
LOSSES = re.compile(
    r"\b(?:lost|loses|losing|loss(?:es)?|destroy(?:s|ed|ing)?|shot down|downed|killed|casualt(?:y|ies)|captured"
    r"|wounded|damaged|eliminated|seized)\b",
    re.IGNORECASE,
)
EARLIER = re.compile(
    r"\b(?:previously|earlier(?! this (?:week|month))|already announced|had (?:pledged|announced|promised|committed"
    r"|provided|approved)|last year's|recalled|was announced|were announced|announced (?:back )?in"
    r"|had (?:already |previously |also )?(?:\w+ed|sent|given|spent|made|paid|bought|won)"
    r"|(?:has|have) (?:already |previously |recently )?(?:been )?(?:delivered|handed over|transferred|shipped)"
    r"|in (?:an )?earlier|an earlier|a previous|prior|last (?:month|week|year)|(?:days|weeks|months|years) ago"
    r"|previously (?:announced|committed|pledged)|yesterday|the day before|a day (?:after|before|earlier)"
    r"|last (?:summer|spring|autumn|fall|winter)|as (?:previously |earlier )?reported|at that time"
    r"|in (?:the )?recent (?:weeks|months)|(?:was|were) (?:later |subsequently )?announced"
    r"|already (?:planned|budgeted|foreseen)|recently|recent (?:\w+ ){0,2}(?:packages?|pledges?|announcements?))\b",
    re.IGNORECASE,
)
# Words right before an object that make it an earlier promise: a promise kept or restated ("will fulfil its
# promise, which was to send 24 Caesar", "confirmed Spain's commitment to supplying Patriot missiles") and a system
# named by who provided it ("the two initial U.S.-provided NASAMS").
PROMISE_KEPT = re.compile(
    r"\b(?:fulfil\w* (?:its|their|his|her|the|a) (?:\w+ )?(?:promise|pledge|commitment)"
    r"|(?:confirm|reaffirm|reiterat)\w* (?:(?:[\w.]+(?:'s|’s)|its|their|his|her|the) )?(?:\w+ )?"
    r"(?:commitment|pledge|promise))\b|[\w.]-(?:provided|supplied|donated|delivered)\b",
    re.IGNORECASE,
)
ANOTHER_DAY = re.compile(
    r"\b(?:yesterday|the day before|a day (?:after|before|earlier)|(?:a few|two|three|several) days ago)\b",
    re.IGNORECASE,
)
# The past perfect places an amount before the news of the day: "Italy had allocated €500m".
PAST_PERFECT = re.compile(
    r"\bhad (?:already |previously |also |earlier )?(?:pledged|announced|promised|committed|provided|approved"
    r"|allocated|sent|given|donated|delivered|spent|earmarked|offered|transferred|supplied|made available)\b",
    re.IGNORECASE,
)
COMPARISON = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|after|compared|than|similar to|match(?:es|ed|ing)?|on top of|in addition to"
    r"|second only to|like|as did|as has|joins?|joined)\b",
    re.IGNORECASE,
)
# A sentence that lists what a package already named contains: "The package includes 400 vehicles".
CONTENTS = re.compile(
    r"\b(?:(?:the|this|that|its|the new|the latest) (?:[\w-]+ )?"
    r"(?:package|aid|tranche|assistance|support|round|drawdown|shipment|consignment|delivery|batch"
    r"|arms and equipment|weapons and equipment|equipment|weapons|supplies|materiel)\b.{0,40}?"
    r"\b(?:(?:will|would) (?:also |notably |further )?include|includ(?:e|es|ed|ing)|contain(?:s|ed)?"
    r"|compris(?:es|ed)|consist(?:s|ed) of|is made up of)"
    r"|\b(?:it|which|they) (?:also |further )?(?:includes?|contains?|comprises?)|\bincluding\b|\bcomprising\b"
    r"|\bamong them\b|\bconsisting of\b)",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|next|upcoming|forthcoming|to be|is set to|are set to|plans? to)\b", re.IGNORECASE
)
# Text between two amounts that makes the second a conversion of the first: "€500m (about $540m)".
CONVERSION_GAP = re.compile(
    r"^\s*[(,\[–-]?\s*(?:or\s+)?(?:about|around|roughly|approximately|approx\.|some|nearly|almost|circa|ca\.|"
    r"equivalent to|the equivalent of|i\.e\.|worth|equal to|=|≈|U\.S\.|[a-z]{2,8})?"
    r"\s*(?:about|around|roughly|some)?\s*$",
    re.IGNORECASE,
)
# Ukraine buys, a donor sells: the sum is a price paid to the donor, not aid ("approved a possible Foreign
# Military Sale", "agreed to sell howitzers to Ukraine").
SALE = re.compile(
    r"\b(?:foreign military sales?|(?:possible|proposed|potential) (?:foreign military )?sale|"
    r"(?:to|will|would|agreed to|agrees to|plans to) sell|selling)\b",
    re.IGNORECASE,
)
# Money a donor gathers from others: "€1 billion secured from partner countries".
OTHERS_MONEY = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:was|were|has been|have been|is|are)\s+)?"
    r"(?:secured|raised|collected|pooled|coming|comes|come)?"
    r"\s*from\s+(?:its\s+|their\s+|the\s+)?(?:\w+\s+)?(?:partner|allied|other|foreign|several|\d+)\s+"
    r"(?:countries|nations|states|governments|partners|allies|donors)\b",
    re.IGNORECASE,
)
# Money a multi-donor initiative or fund has gathered: "the Prague-led initiative … has raised €1.6 billion".
POOLED_BEFORE = re.compile(
    r"\b(?:initiative|fund|coalition|mechanism|facility|project)\b[^.;]{0,60}?\b(?:has |have |had )?"
    r"(?:raised|collected|pooled|gathered|attracted|secured)\s+(?:(?:more than|over|about|some|nearly|almost)\s+)?$",
    re.IGNORECASE,
)
# A donor that pays for a system another country sends: the money is the pledge, the system is not the donor's.
FINANCED = re.compile(
    r"\b(?:co-?financ\w*|co-?fund\w*|enable \w+ to (?:send|deliver|transfer|provide|donate)|sourced from"
    r"|help (?:\w+ )?(?:to )?(?:acquire|buy|purchase|procure))\b",
    re.IGNORECASE,
)
# A section of background: a heading after which the article recalls earlier news ("Background:", "Recall").
BACKGROUND_HEADING = re.compile(
    r"^\s*(?:background|recall|reminder|for reference|we will remind(?: you)?|as a reminder|context)\s*[:.]?\s*$"
    r"|^\s*(?:background|recall|reminder|context)\s*:",
    re.IGNORECASE,
)
# "They stated that it is worth approximately €106 million": the value of the package the sentence before named.
PACKAGE_WORTH = re.compile(
    r"\b(?:it|this|that|the (?:new |latest )?(?:package|aid|tranche|assistance))\s+(?:is|was|will be)\s+"
    r"(?:worth|valued at)\b",
    re.IGNORECASE,
)
# A sentence giving again the value of a package already named: "This package is worth 13 billion kroner".
PACKAGE_RESTATED = re.compile(
    r"\b(?:this|that|the) (?:new |latest )?(?:aid |military |support )?(?:package|tranche)(?: \w+){0,2} (?:is|was) "
    r"(?:worth|valued)",
    re.IGNORECASE,
)
# The recipient's needs are no condition on the donor: "equipment Ukraine needs to defend itself".
RECIPIENT_NEEDS = re.compile(
    r"\b(?:Ukraine|Kyiv|Ukrainians?|it|they|the country)\s+$", re.IGNORECASE
)
# Money a legislature makes available is no package: "The Act provides … $8 billion in drawdown authority".
APPROPRIATION_AFTER = re.compile(
    r"^\s*(?:in|of) (?:new |remaining )?(?:presidential )?(?:drawdown )?authority\b", re.IGNORECASE
)
APPROPRIATION = re.compile(
    r"\b(?:the|this) (?:[A-Z]\w+ )*Act\b|\bappropriations? (?:act|bill|law)\b|\bsupplemental appropriations?\b"
    r"|\bCongress (?:has )?(?:already )?(?:approved|passed|appropriated|authori[sz]ed)\b"
    r"|\b(?:approved|authori[sz]ed|appropriated) by Congress\b"
)
# The larger envelope a pledge belongs to, not a pledge of its own: "part of a C$500 million pledge made in July",
# "part of its larger C$2 billion aid plan", "part of a €2 billion package".
ENVELOPE = re.compile(
    r"\b(?:(?:is|are|was|as|comes? as|forms?)\s+)?(?:a\s+)?(?:part|portion|share|segment) of "
    r"(?:a|an|its|the|their|his|her)"
    r"\s+(?:(?:larger|broader|wider|overall|total|bigger|earlier|previously announced)\s+)?$"
    r"|\bpart of (?:more than|over|nearly|almost|about|some|up to)\s+$",
    re.IGNORECASE,
)
# Equipment already on its way or in Ukraine: a delivery of an earlier pledge, unless the clause pledges anew.
DELIVERED = re.compile(
    r"\b(?:transferred|handed over|arrived|(?:has|have|had) (?:already |now |recently )?(?:been )?"
    r"(?:sent|delivered|provided|supplied|donated|received|given)|(?:was|were) (?:sent|delivered|supplied)"
    r"|sent by|delivered by|received (?:its|their|the)|(?:played|plays) a (?:\w+ )?role in supplying"
    r"|confirmed the delivery)\b",
    re.IGNORECASE,
)
FUTURE_PLEDGE = re.compile(
    r"\b(?:will|is to|are to|to be|new|plans? to|pledg\w*|announc\w*)\b", re.IGNORECASE
)
# Words before an amount that make it a part of a sum named before: "of which €100m goes to drones".
SUB_ALLOCATION = re.compile(
    r"\b(?:of (?:which|this|that|it|these|the (?:total|package|sum|amount|money|funds?))|out of (?:which|this|the)"
    r"|includ(?:e|es|ed|ing)|within (?:the|this|that|it)|(?:part|portion|share) of (?:the|this|that|it)"
    r"|from (?:the|this|that|its) (?:package|sum|amount|total|funds?)|will go (?:to|towards)|go(?:es)? (?:to|towards)"
    r"|earmarked|is (?:for|intended)|are (?:for|intended)|encompass(?:es)?|also (?:include|cover)s?"
    r"|from the money|(?:is|are|will be) (?:directly )?(?:allocated|spent|used|directed|reserved) (?:to|for|on))\b",
    re.IGNORECASE,
)
# A sum named as a package's value ("a package worth €1.3bn featuring four IRIS-T") is no single item's price.
PACKAGE_VALUE = re.compile(
    r"\b(?:package|tranche|aid|assistance|support|help)\b(?:\s+\w+){0,3}\s*(?:worth|of|valued at|totalling)?"
    r"(?:\s+(?:more than|about|around|some|over|nearly|almost|approximately|up to))?\s*$",
    re.IGNORECASE,
)
# "rockets for U.S.-provided HIMARS", "HIMARS ammunition": the platform is what the munitions are for.
FOR_PLATFORM_BEFORE = re.compile(
    r"\b(?:known as|also called|dubbed)\s+$"
    r"|\b(?:ammunition|munitions?|rockets?|rounds|missiles|shells|spare parts|parts|maintenance|repairs?|training"
    r"|support) for (?:the )?(?:[\w.-]+ ){0,6}\(?$|\b(?:operation|operating|maintenance|sustainment) of (?:the )?$",
    re.IGNORECASE,
)
FOR_PLATFORM_AFTER = re.compile(
    r"^\s*(?:rocket launcher |launcher |artillery |fighter )?(?:ammunition|munitions|rounds|rockets|spare parts|parts"
    r"|pilots|training|maintenance|coalition|program|programme|capabilit\w*|fleet"
    r"|equipment and|sustainment)\b",
    re.IGNORECASE,
)
# Money that is not military aid, or not new money: "NOK 1 billion to other civilian support", "the remaining
# $2.21 billion".
CIVILIAN = re.compile(
    r"\b(?:civilian|humanitarian|budget(?:ary)? support|reconstruction|energy (?:sector|infrastructure|system)"
    r"|recovery|restoration|non-military|the country's infrastructure|civil(?:ian)? infrastructure)\b",
    re.IGNORECASE,
)
REMAINING = re.compile(
    r"\b(?:remaining|unspent|left over|leftover|balance of)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
# A count and the price paid for it: "1,000 systems at a cost of £39 million", "€90 million for 16 howitzers".
PRICE_AFTER_ITEM = re.compile(
    r"^\s*,?\s*(?:(?:which|that) (?:are|is|were|was) )?(?:at a cost of|costing|worth|valued at|for)"
    r"(?:\s+(?:a total of|approximately|about|around|some))?\s*$",
    re.IGNORECASE,
)
PRICE_BEFORE_ITEM = re.compile(r"^\s*(?:for|to buy|to purchase|to pay for)\s+$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|\s-\s|,?\s+(?:but|while|whereas|although|though|despite|even though)\s",
    re.IGNORECASE,
)
SINCE_OPENING = re.compile(rf"^\s*(?:{_SINCE}|so far|to date|thus far)\b", re.IGNORECASE)
# "$245 million military support package": the sum is a package's value, not the price of one system in it.
PACKAGE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:[\w-]+\s+){0,3}(?:package|tranche)\b", re.IGNORECASE
)

# A giver the text sets apart from the parties it names, without naming it: "another partner", "an undisclosed
# donor", "a country that asked not to be named", "other allies". Its amount is unassigned: neither the donor of
# the sentence before nor the party the article is about may take it.
_GIVER_ONE = (
    r"(?:partner|donor|ally|country|nation|government|state|member(?: state)?|contributor|backer)"
)
_GIVER_MANY = (
    r"(?:partners|donors|allies|countries|nations|governments|states|members|member states|contributors"
    r"|backers)"
)
_GIVER_ANY = rf"(?:{_GIVER_MANY}|{_GIVER_ONE})"
UNNAMED_GIVER = re.compile(
    r"\b(?:another|yet another|one more|a (?:further|second|third|fourth|fifth))\s+(?:[\w-]+\s+)?"
    rf"{_GIVER_ONE}\b"
    rf"|\b(?:unnamed|undisclosed|unidentified|unspecified|anonymous|unknown)\s+(?:[\w-]+\s+)?{_GIVER_ANY}\b"
    rf"|\b(?:other|further|additional|more|several)\s+(?:[\w-]+\s+)?{_GIVER_MANY}\b"
    rf"|\b{_GIVER_ANY},?\s+(?:(?:that|which|who)\s+[^.;]{{0,30}}?)?"
    r"(?:not (?:yet )?(?:(?:want|wish)(?:ed)? )?(?:to )?be(?:en)? (?:named|identified|disclosed)"
    r"|(?:not yet|yet to be|(?:declined|refused) to be) (?:named|identified)"
    r"|whose (?:name|identity)\b[^.;]{0,25}?\b(?:not(?: been)? \w+|withheld|kept secret|undisclosed)"
    r"|(?:requested|asked for|on condition of) anonymity)\b",
    re.IGNORECASE,
)
# Words right before such a phrase that make it a companion or a yardstick, not the giver: "together with other
# allies", "more than any other donor", "joining other partners".
GIVER_ASIDE = re.compile(
    r"\b(?:with|alongside|than|like|unlike|among|as did|join(?:s|ed|ing)?|urg(?:e|es|ed|ing)"
    r"|call(?:s|ed|ing)? on|encourag(?:e|es|ed|ing))\s+"
    r"(?:(?:the|any|many|several|some|all|other|its|their|fellow|European|NATO|Western|Nordic)\s+){0,2}$",
    re.IGNORECASE,
)


def unnamed_giver(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first phrase between start and end that names the giver as someone unnamed, not as a companion."""
    for match in UNNAMED_GIVER.finditer(text, start, len(text) if end is None else end):
        if not GIVER_ASIDE.search(text[max(0, match.start() - 30) : match.start()]):
            return match
    return None


MECHANISMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PDA", re.compile(r"\b(?:Presidential Drawdown Authority|PDA|drawdown)\b", re.IGNORECASE)),
    ("USAI", re.compile(r"\b(?:Ukraine Security Assistance Initiative|USAI)\b")),
    ("FMF", re.compile(r"\b(?:Foreign Military Financing|FMF)\b", re.IGNORECASE)),
    ("EPF", re.compile(r"\b(?:European Peace Facility|EPF)\b")),
    ("PURL", re.compile(r"\b(?:PURL|Prioriti[sz]ed Ukraine Requirements? List)\b", re.IGNORECASE)),
    ("ERA", re.compile(r"\b(?:Extraordinary Revenue Acceleration|ERA loans?)\b")),
)


def mechanism_near(text: str, start: int, end: int, window: tuple[int, int]) -> str:
    """The mechanism named right after the amount ("$200m through USAI"), else before it, else anywhere."""
    return (
        mechanism_in(text[end : window[1]][:60])
        or mechanism_in(text[window[0] : start][-60:])
        or mechanism_in(text)
    )


def mechanism_in(text: str) -> str:
    for name, pattern in MECHANISMS:
        if pattern.search(text):
            return name
    return ""
