"""What a pledge made from a claim says about where it was read, and when it was announced."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from nsatu.intake.models import Claim


def provenance(claim: Claim) -> str:
    document = claim.document
    where = f", {document.source_url}" if document.source_url else ""
    return _(
        "Read from «%(title)s» (document %(doc)s%(where)s), characters %(start)s–%(end)s, "
        "claim %(claim)s: “%(sentence)s”"
    ) % {
        "title": document.title,
        "doc": document.pk,
        "where": where,
        "start": claim.start,
        "end": claim.end,
        "claim": claim.pk,
        "sentence": claim.sentence,
    }


def claim_announced(claim: Claim) -> dt.date | None:
    return claim.date_announced or claim.document.published_on
