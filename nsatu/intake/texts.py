"""The engine's refusal codes and reason codes in words the interface can translate."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCUMENT_ERRORS = {
    "unsupported_type": _(
        "%(name)s: files of type %(suffix)s are not read; upload one of %(allowed)s."
    ),
    "content_mismatch": _(
        "%(name)s: the name says %(kind)s but the content is %(found)s; rename or convert it."
    ),
    "too_large": _(
        "%(name)s is %(size_h)s; the limit is %(limit_h)s. Upload the article's text or a shorter file."
    ),
    "empty": _("%(name)s is empty: there is nothing to read."),
    "binary": _("%(name)s is not text (it holds binary data); upload a .txt, .html or .pdf file."),
    "no_text": _("%(name)s holds no readable text (%(kind)s); a scanned PDF needs OCR first."),
    "pdf_encrypted": _("%(name)s is an encrypted PDF; upload an unprotected copy."),
    "pdf_unreadable": _("%(name)s could not be read as a PDF (%(detail)s)."),
}

LABEL_ERRORS = {
    "bad_json": _("line %(line)s is not JSON: %(detail)s"),
    "no_file": _('line %(line)s: an object with a "file" is expected'),
    "bad_value": _("line %(line)s: %(field)s has an invalid value %(value)r"),
    "not_an_object": _("line %(line)s: %(field)s must be an object"),
    "not_a_list": _('line %(line)s: "pledges" and "not_pledges" must be lists'),
    "unknown_fields": _("line %(line)s: %(field)s has unknown fields: %(names)s"),
}

REASONS = {
    "pledge": _("a pledge verb (%(verb)s) with %(donor)s in the same sentence"),
    "pledge_no_donor": _("a pledge verb (%(verb)s), but no donor named; assign one when reviewing"),
    "conversion": _("the same amount as %(of)s, converted into another currency"),
    "civilian": _("not new military aid (%(cue)s)"),
    "sale": _("a sale to the recipient (%(cue)s), not aid"),
    "mixed": _("a civil and military total; its military parts are the pledges (%(parts)s)"),
    "part": _("a part of %(of)s named before (%(cue)s), not a pledge of its own"),
    "sum_of_parts": _("the sum of the parts stated after it (%(parts)s), each a pledge of its own"),
    "repeat": _("the headline or an earlier sentence repeats this pledge"),
    "losses": _("the figure counts losses or damage (%(cue)s), not aid"),
    "other_side": _("the figure belongs to %(party)s, the other side"),
    "cumulative": _("a cumulative total (%(cue)s), not a new pledge"),
    "vague": _("an order of magnitude only (%(cue)s), as totals are written"),
    "contents": _("contents of an earlier package named before (%(cue)s), not a new pledge"),
    "earlier_date": _("an earlier package: the text ties it to %(date)s (%(cue)s)"),
    "earlier_words": _("an earlier announcement (%(cue)s)"),
    "target": _("a target, request or possibility (%(cue)s), not a pledge"),
    "other_donor": _("another donor's aid (%(party)s) named for comparison (%(cue)s)"),
    "no_verb": _("no pledge verb near the figure"),
    "others_money": _("money from other donors (%(cue)s), not this donor's pledge"),
    "appropriation": _("money a legislature makes available (%(cue)s), not a package"),
    "envelope": _("the larger envelope the pledge belongs to (%(cue)s), not a pledge of its own"),
    "delivered": _("a delivery of equipment pledged before (%(cue)s), not a new pledge"),
    "collective": _("a group's sum (%(cue)s), no single donor's pledge"),
    "financed": _(
        "a system another country sends with this donor's money (%(cue)s), not this donor's in-kind pledge"
    ),
    "programme": _("a programme's yearly or multi-year sum (%(cue)s), not a package"),
    "background_section": _("under a background heading that recalls earlier news"),
    "unlikely": _(
        "the learned filter rates it %(score)s as a new pledge, below its threshold (the rules read: %(rule)s)"
    ),
    "likely": _(
        "the learned filter rates it %(score)s as a new pledge, above its threshold (the rules read: %(rule)s)"
    ),
}


def _fill(template: object, params: dict[str, Any]) -> str:
    """`template` is a lazily translated text, or the bare code when no text is known."""
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def document_error_text(code: str, params: dict[str, Any]) -> str:
    values = dict(params)
    if "size" in values:
        values["size_h"] = filesizeformat(values["size"])
    if "limit" in values:
        values["limit_h"] = filesizeformat(values["limit"])
    return _fill(DOCUMENT_ERRORS.get(code, code), values)


def label_error_text(code: str, params: dict[str, Any]) -> str:
    return _fill(LABEL_ERRORS.get(code, code), params)


def reason_text(code: str, params: dict[str, Any]) -> str:
    return _fill(REASONS.get(code, code), params)
