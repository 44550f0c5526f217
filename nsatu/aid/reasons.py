"""The matcher's reasons in the reader's language. The engine writes them in English from its catalogue
(nsatu.engine.ledger.REASONS); the same sentences are marked here for translation, with the same keys (a test
keeps the two equal)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nsatu.engine.ledger import Match

REASONS: dict[str, Promise] = {
    "parties": _("Same donor, recipient and kind."),
    "same_item": _("Same item type."),
    "alias": _("Same designation (%(key)s)."),
    "stem": _("Designations share the stem %(key)s."),
    "family": _("Same ammunition family (%(key)s)."),
    "prefix": _("Designations begin with the same name (%(key)s)."),
    "funds": _("Values within 10 %% (EUR %(a)s and %(b)s)."),
    "q_unknown": _("One of the two states no quantity."),
    "q_equal": _("Same quantity (%(a)s)."),
    "q_10": _("Quantities within 10 %% (%(a)s and %(b)s)."),
    "q_25": _("Quantities within 25 %% (%(a)s and %(b)s): registers counting at different times."),
    "q_divides": _("One quantity divides the other (%(a)s and %(b)s)."),
    "q_differ": _("Quantities differ (%(a)s and %(b)s)."),
    "undated": _("At least one of the two is undated."),
    "far": _("Their dates are far apart."),
    "days": _("Announced %(days)s days apart."),
    "year": _("Their dates fall in the same year."),
    "confirmed": _("Confirmed by a coordinator."),
    "remainder": _("Open remainder of this donor's item type, offered to a plan (illustrative)."),
}


def reason_texts(match: Match) -> list[str]:
    if not match.why:
        return list(match.reasons)
    return [
        str(REASONS[r.code]) % dict(r.values) if r.code in REASONS else r.text for r in match.why
    ]
