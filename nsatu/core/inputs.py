"""What no input may carry, for the pages and the API alike: the one place a request is refused before any view,
form or schema reads it.

Each rule is a value the databases or the figures cannot hold, which used to end in a server error (500) or
in silently changed digits:

- a NUL character: PostgreSQL refuses it in any text, even in a lookup (a query string, a session cookie);
- a whole number beyond 64 bits: SQLite cannot bind it (OverflowError), no id or quantity is that large;
- a decimal (or a whole number sent as text) with more than 15 significant digits: SQLite keeps a decimal as
  a binary float beyond 15 digits, so 12345678901234.56 would come back without its cents; refused on both
  databases so that both answer alike (15 digits hold ten trillion euros to the cent);
- a date outside 1900-2199: date arithmetic on 9999-12-31 (a horizon, "a year later") overflows Python's
  dates, and no record of this system lies outside these years;
- an API write whose body is not JSON (415): a text/plain body was read as JSON.

A refused request gets 422 on the API with the usual body ({"detail", "errors": {field: [...]}}), 400 on a page,
and 404 for an id in the path that no record can have.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_INTEGER = 2**63 - 1
MAX_SIGNIFICANT_DIGITS = 15
FIRST_YEAR, LAST_YEAR = 1900, 2199
API_PREFIX = "/api/"
JSON_TYPES = ("application/json",)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", re.DOTALL)


def decimal_digits(value: Decimal) -> int:
    """Digits a decimal needs when written out in full, as a database column counts them (1E+3 needs 4)."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return 0
    return len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)


def decimal_refusal(value: Decimal) -> str:
    """Why a decimal cannot be stored exactly on both databases ("" when it can)."""
    if not value.is_finite():
        return _("%(value)s is not a finite number.") % {"value": value}
    if decimal_digits(value.normalize() if value else value) > MAX_SIGNIFICANT_DIGITS:
        return _(
            "%(value)s has more than %(n)s digits; it cannot be stored without losing digits."
        ) % {"value": value, "n": MAX_SIGNIFICANT_DIGITS}
    return ""


def integer_refusal(value: int) -> str:
    if abs(value) > MAX_INTEGER:
        return _("The number is larger than any stored number (at most %(max)s).") % {
            "max": MAX_INTEGER
        }
    return ""


def date_refusal(value: dt.date) -> str:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return _("%(date)s is outside the dates this system handles (years %(a)s to %(b)s).") % {
            "date": value.isoformat(),
            "a": FIRST_YEAR,
            "b": LAST_YEAR,
        }
    return ""


def text_refusal(text: str) -> str:
    """Why a value sent as text cannot be taken, whatever field reads it ("" when it can)."""
    if "\x00" in text:
        return _("The value contains a NUL character (\\u0000), which cannot be stored.")
    value = text.strip()
    if _INTEGER.fullmatch(value):
        # Counted, not converted: int() of a very long string is itself refused by Python. Sent as text, a
        # whole number may be read as a decimal (an amount), which keeps 15 digits on both databases.
        digits = value.lstrip("+-").lstrip("0")
        if (
            len(digits) > len(str(MAX_INTEGER))
            or int(value) > MAX_INTEGER
            or -int(value) > MAX_INTEGER
        ):
            return integer_refusal(MAX_INTEGER + 1)
        if len(digits) > MAX_SIGNIFICANT_DIGITS:
            return _(
                "%(value)s has more than %(n)s digits; it cannot be stored without losing digits."
            ) % {"value": value, "n": MAX_SIGNIFICANT_DIGITS}
        return ""
    if _DECIMAL.fullmatch(value):
        try:
            return decimal_refusal(Decimal(value))
        except InvalidOperation:
            return ""
    date = _DATE.fullmatch(value)
    if date is not None:
        year = int(date.group(1)) if len(date.group(1)) <= 6 else LAST_YEAR + 1
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return _(
                "%(date)s is outside the dates this system handles (years %(a)s to %(b)s)."
            ) % {"date": value[:16], "a": FIRST_YEAR, "b": LAST_YEAR}
    return ""


def json_refusals(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(field, reason) for every value of a parsed JSON body that no field may take."""
    name = ".".join(path) or "__all__"
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield name, _("A field name contains a NUL character.")
                continue
            yield from json_refusals(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_refusals(item, (*path, str(index)))
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        reason = integer_refusal(value)
        if reason:
            yield name, reason
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_INTEGER:
            yield name, _("%(value)s is not a number any field takes.") % {"value": value}
    elif isinstance(value, str):
        reason = text_refusal(value)
        if reason:
            yield name, reason


def _non_finite(constant: str) -> float:
    # NaN and Infinity are not JSON, though Python's reader takes them.
    return math.inf


class InputGuardMiddleware:
    """Refuse, before anything reads them, requests carrying a value of the classes in this module's docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith(API_PREFIX)
        if any(_too_large_id(part) for part in request.path_info.split("/")):
            if api:
                return JsonResponse({"detail": _("Not found.")}, status=404)
            return HttpResponse(
                _("Not found."), status=404, content_type="text/plain; charset=utf-8"
            )
        refusals = dict(self._refusals(request, api=api))
        if refusals:
            return _refused(refusals, api=api)
        if api and request.method in UNSAFE_METHODS and not _json_or_empty(request):
            return JsonResponse(
                {
                    "detail": _(
                        "The body must be JSON, sent with 'Content-Type: application/json' (it was "
                        "%(type)s)."
                    )
                    % {"type": request.content_type or _("not given")}
                },
                status=415,
            )
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The net under the rules above: a value a database still refused (out of range for its column) or a
        date computed past the calendar is the client's input, answered 4xx, logged with its traceback."""
        if not isinstance(exception, DataError | OverflowError):
            return None
        logger.warning("input refused late on %s", request.path, exc_info=exception)
        reason = _("A value of this request is out of range for what can be stored or computed.")
        return _refused({"__all__": reason}, api=request.path_info.startswith(API_PREFIX))

    def _refusals(self, request: HttpRequest, *, api: bool) -> Iterator[tuple[str, str]]:
        if "\x00" in request.path_info:
            yield "path", _("The address contains a NUL character.")
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
                yield key.removeprefix("HTTP_").lower(), _("The header contains a NUL character.")
        for name, value in request.COOKIES.items():
            if "\x00" in name or "\x00" in value:
                yield "cookie", _("A cookie contains a NUL character.")
        for name, values in request.GET.lists():
            yield from _each(name, values)
        if request.method in UNSAFE_METHODS:
            yield from self._body_refusals(request, api=api)

    def _body_refusals(self, request: HttpRequest, *, api: bool) -> Iterator[tuple[str, str]]:
        try:
            content_type = request.content_type or ""
            if content_type in JSON_TYPES or content_type.endswith("+json"):
                body = json.loads(request.body or b"null", parse_constant=_non_finite)
                yield from json_refusals(body)
            elif content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                for name, values in request.POST.lists():
                    yield from _each(name, values)
                for name, files in request.FILES.lists():
                    if any("\x00" in (upload.name or "") for upload in files):
                        yield name, _("The file name contains a NUL character.")
        except (
            ValueError,
            RequestDataTooBig,
            TooManyFieldsSent,
            MultiPartParserError,
            BadRequest,
        ):
            # A body that cannot be read at all is answered by the view's own parser (400), as before.
            return


def _each(name: str, values: list[str]) -> Iterator[tuple[str, str]]:
    field = name if "\x00" not in name else "__all__"
    if field != name:
        yield field, _("A field name contains a NUL character.")
        return
    for value in values:
        reason = text_refusal(value)
        if reason:
            yield field, reason


def _too_large_id(part: str) -> bool:
    return (
        part.isascii()
        and part.isdigit()
        and len(part.lstrip("0")) > 0
        and (len(part.lstrip("0")) > len(str(MAX_INTEGER)) or int(part) > MAX_INTEGER)
    )


def _json_or_empty(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type in JSON_TYPES or content_type.endswith("+json"):
        return True
    # Told by the headers, not by reading: a multipart body read above can no longer be read as bytes.
    length = request.META.get("CONTENT_LENGTH") or "0"
    chunked = "HTTP_TRANSFER_ENCODING" in request.META
    return not chunked and (not length.isdigit() or int(length) == 0)


def _refused(refusals: dict[str, str], *, api: bool) -> HttpResponse:
    errors = {field: [reason] for field, reason in refusals.items()}
    detail = "; ".join(
        f"{field}: {reason}" if field != "__all__" else reason for field, reason in refusals.items()
    )
    if api:
        return JsonResponse({"detail": detail, "errors": errors}, status=422)
    page = render_to_string("core/refused.html", {"refusals": list(refusals.items())})
    return HttpResponseBadRequest(page)
