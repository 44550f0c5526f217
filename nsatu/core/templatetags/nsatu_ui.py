"""Presentation helpers shared by every page: figures as staff officers read them, pagination links, HTMX CSRF."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.db.models import Model
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from nsatu.core.refs import record_label, ref_label, ref_shown
from nsatu.engine.nsn import NsnError, parse_nsn

register = template.Library()

DASH = "—"
BILLION = Decimal(1_000_000_000)


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _grouped(value: Decimal, decimals: int) -> str:
    # number_format truncates extra digits; round first so 2.1177 shows as 2.12.
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def num(value: object, decimals: int | None = None) -> str:
    """A figure with thousands separators; whole numbers lose their '.00'."""
    number = _decimal(value)
    if number is None:
        return DASH
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    return _grouped(number, int(decimals))


@register.filter
def euros(value: object) -> str:
    """Full euros, rounded to the euro, as in the source tables."""
    number = _decimal(value)
    if number is None:
        return DASH
    return _grouped(number.quantize(Decimal(1)), 0)


@register.filter
def eur_bn(value: object, decimals: int = 3) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    return _grouped(number / BILLION, int(decimals))


@register.filter
def share(value: object, decimals: int = 0) -> str:
    """A 0..1 share as a percentage."""
    number = _decimal(value)
    if number is None:
        return DASH
    return _grouped(number * 100, int(decimals)) + " %"


@register.filter
def percent(value: object, decimals: int = 2) -> str:
    """A figure already in percent (e.g. defence spending as % of GDP)."""
    number = _decimal(value)
    if number is None:
        return DASH
    return _grouped(number, int(decimals)) + " %"


@register.filter
def nsn(value: str | None) -> str:
    if not value:
        return DASH
    try:
        return str(parse_nsn(value))
    except NsnError:
        return value


@register.simple_tag(takes_context=True)
def query_replace(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + str(params.urlencode())


@register.simple_tag(takes_context=True)
def hx_csrf_headers(context: template.Context) -> SafeString:
    """hx-headers for <body> so that every HTMX request carries the CSRF token without inline script."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    return format_html('hx-headers="{}"', json.dumps({"X-CSRFToken": get_token(request)}))


@register.filter
def get_item(mapping: dict[Any, Any] | None, key: object) -> Any:
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def ref_link(obj: Model | None, field: str, url_name: str = "", title: bool = False) -> SafeString:
    """A related record named through the reader's visibility (core/refs.py): a link to it, "a restricted
    <kind>" when hidden from the reader, a dash when there is none."""
    if obj is None or getattr(obj, f"{field}_id", None) is None:
        return SafeString(DASH)
    target = ref_shown(obj, field)
    if target is None:
        return format_html(
            '<span class="muted restricted" data-testid="restricted-ref">{}</span>',
            ref_label(obj, field),
        )
    label = record_label(target)
    heading = str(getattr(target, "title", None) or "") if title else ""
    rest = format_html(" {}", heading) if heading else SafeString("")
    if not url_name:
        return format_html("{}{}", label, rest)
    return format_html('<a href="{}">{}</a>{}', reverse(url_name, args=[target.pk]), label, rest)


@register.filter
def seen_ref(obj: Model | None, field: str) -> Model | None:
    """The related record when the reader may see it, else None (core/refs.py): for its other fields."""
    return None if obj is None else ref_shown(obj, field)


@register.filter
def has_ref(obj: Model | None, field: str) -> bool:
    """Whether `obj.<field>` is set at all, hidden or not: to choose between a link and another label."""
    return obj is not None and getattr(obj, f"{field}_id", None) is not None


@register.filter
def ref_name(obj: Model | None, field: str) -> str:
    """ref_label as plain text, for a sentence: the name, "a restricted <kind>" when hidden, "" when none."""
    return "" if obj is None else ref_label(obj, field)


@register.inclusion_tag("nsatu/_downloads.html", takes_context=True)
def downloads(context: template.Context, what: str = "") -> dict[str, Any]:
    """The page's table as CSV and XLSX, with the page's filters and sort and without its page number: every
    table page offers both through this one tag, and the view answers them with `download_response`."""
    return {
        "csv_url": query_replace(context, format="csv", page=""),
        "xlsx_url": query_replace(context, format="xlsx", page=""),
        "what": what,
    }


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> SafeString:
    """A column heading that orders the whole list (not just the page) by that column: the view reads
    `?sort=` with core.paging.sort_of and passes the result as `sort`. A second click reverses the order."""
    current = context.get("sort")
    active = current is not None and getattr(current, "key", None) == key
    descending = bool(active and getattr(current, "descending", False))
    target = f"-{key}" if active and not descending else key
    href = query_replace(context, sort=target, page="")
    if not active:
        return format_html('<a class="sort-link" href="{}">{}</a>', href, label)
    arrow = "▼" if descending else "▲"
    state = "descending" if descending else "ascending"
    return format_html(
        '<a class="sort-link" href="{}" data-sort="{}">{} <span aria-hidden="true">{}</span></a>',
        href,
        state,
        label,
        arrow,
    )
