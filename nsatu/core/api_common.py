"""What every domain router shares: the caller, decimal strings, error bodies, pagination and conditional GET."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, get_args

from django.conf import settings
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable
from django.http import HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import ConfigDict, PlainSerializer, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from nsatu.core.actors import Actor
from nsatu.core.errors import PermissionDenied
from nsatu.core.inputs import date_refusal, decimal_refusal, integer_refusal, text_refusal
from nsatu.core.paging import (
    BoundedCount,
    count_bounded,
    cursor_after,
    keyset_order,
    keyset_page,
)

MAX_PAGE = 500

# Amounts travel as strings so that no client rounds them through a binary float.
DecimalStr = Annotated[
    Decimal,
    PlainSerializer(lambda value: str(value), return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "examples": ["1250000.00"]}),
]


def actor(request: HttpRequest) -> Actor:
    """The authenticated user; the API's authenticators have already refused anonymous calls."""
    user = getattr(request, "auth", None)
    if not isinstance(user, Actor):
        raise PermissionDenied(_("Authenticate with a bearer token or the login session."))
    return user


class Extended:
    """A record plus values computed beside it (coverage, series), read by a schema as if they were attributes."""

    def __init__(self, obj: object, **extra: Any) -> None:
        self._obj = obj
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        extra = self.__dict__["_extra"]
        return extra[name] if name in extra else getattr(self.__dict__["_obj"], name)


class InputSchema(Schema):
    """A request body. An unknown field is refused with 422 naming it: silently dropping it would let a client
    believe it had set the donor, owner or status of a record when nothing of the kind happened.

    Every body schema derives from this one (tests/core/test_api_rules.py checks it), so the rules below hold
    for every field of every write: `true` is not a number (pydantic's lax mode read it as 1), and a number or
    date is refused, naming its field, when a database could not keep it exactly (nsatu.core.inputs).
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_as_number(cls, value: object, info: ValidationInfo) -> object:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _is_number(field.annotation):
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, bool) for v in values):
                raise PydanticCustomError(
                    "strict_number", str(_("true or false is not a number; send a number."))
                )
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: object) -> object:
        values = value if isinstance(value, list) else [value]
        for v in values:
            reason = ""
            if isinstance(v, Decimal):
                reason = decimal_refusal(v)
            elif isinstance(v, int) and not isinstance(v, bool):
                reason = integer_refusal(v)
            elif isinstance(v, dt.date):
                reason = date_refusal(v)
            elif isinstance(v, str) and "\x00" in v:
                reason = text_refusal(v)
            if reason:
                raise PydanticCustomError("not_storable", reason)
        return value


def _is_number(annotation: object) -> bool:
    """int, float or Decimal, alone, optional, annotated or in a list; bool itself is not a number here."""
    if annotation in (int, float, Decimal):
        return True
    return any(_is_number(arg) for arg in get_args(annotation))


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class PartyRef(Schema):
    code: str
    name: str


class NamedRef(Schema):
    id: int
    name: str


READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class Pagination(PaginationBase):
    """limit/offset or a cursor, with a bounded count, an ETag and a 304 for a copy that is still current.

    More than MAX_PAGE rows at once is refused with 422, not silently cut. `count` is exact up to COUNT_CAP
    (`count_exact`); beyond it the list holds more than `count` rows, which are not counted on every read.
    `next` is the cursor of the following page: passed back as `?cursor=`, the page is read by the list's
    order from where the last one stopped (an index range), so a deep page costs what the first one does.
    The ETag hashes the reader, the address, the count and each row of the page with what was read with it
    (related records, the visibility marks), so it changes whenever the body would; a request whose
    If-None-Match holds it gets 304 without the page being serialised. Every list endpoint pages through this
    one class, so every list answers conditional GETs the same way.
    """

    class Input(Schema):
        limit: int = Field(settings.NSATU_PAGE_SIZE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=2**31 - 1)
        cursor: str | None = Field(
            None,
            max_length=4000,
            description="The `next` of the previous page; `offset` is ignored with it",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Rows in the list; a lower bound when count_exact is false")
        count_exact: bool
        next: str | None = Field(description="Cursor of the next page, or null on the last one")

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        limit: int = pagination.limit
        cursor: str | None = pagination.cursor
        offset: int = pagination.offset
        if cursor and OFFSET_CURSOR.fullmatch(cursor):
            offset, cursor = int(cursor[1:]), None
        if isinstance(queryset, QuerySet):
            items, count, following = _queryset_page(queryset, limit, offset, cursor)
        else:
            rows = list(queryset)
            items = rows[offset : offset + limit]
            count = BoundedCount(value=len(rows), exact=True)
            following = f"o{offset + limit}" if offset + limit < len(rows) else None
        etag = _etag(request, items, count, following)
        request.META[ETAG_KEY] = etag  # for ListETagMiddleware
        if _client_has(request, etag):
            return NotModified(etag)
        return {"items": items, "count": count.value, "count_exact": count.exact, "next": following}


# Where Pagination leaves a list's ETag for ListETagMiddleware: the request is all the two share.
ETAG_KEY = "nsatu.list_etag"
OFFSET_CURSOR = re.compile(r"o\d{1,10}")


def _queryset_page(
    queryset: QuerySet[Any], limit: int, offset: int, cursor: str | None
) -> tuple[list[Any], BoundedCount, str | None]:
    order = keyset_order(queryset)
    by_key = order is not None and issubclass(queryset._iterable_class, ModelIterable)
    if cursor and by_key:
        page = keyset_page(queryset, cursor=cursor, size=limit)
        return page.object_list, page.count, page.next_cursor
    if order is not None:
        queryset = queryset.order_by(*order)
    count = count_bounded(queryset)
    items = list(queryset[offset : offset + limit + 1])
    more, items = len(items) > limit, items[:limit]
    if not more:
        return items, count, None
    if by_key and order is not None:
        # From the first page on, the next ones are read by cursor: no OFFSET walks the rows before them.
        return items, count, cursor_after(items[-1], order, start=offset + limit + 1)
    # Rows that are not model instances (values(), a list) are paged by position.
    return items, count, f"o{offset + limit}"


def _fingerprint(obj: object, depth: int = 0) -> object:
    """What a row of a page carries into the response: its values, annotations and the related records read
    with it. Anything without a stable representation hashes differently each time, so it never earns a 304."""
    if not isinstance(obj, Model) or depth > 3:
        return repr(obj)
    values = sorted(
        (k, repr(v))
        for k, v in vars(obj).items()
        if k not in ("_state", "_prefetched_objects_cache")
    )
    related = sorted(
        (name, _fingerprint(target, depth + 1)) for name, target in obj._state.fields_cache.items()
    )
    prefetched = sorted(
        (name, [_fingerprint(o, depth + 1) for o in rows])
        for name, rows in getattr(obj, "_prefetched_objects_cache", {}).items()
    )
    return (obj._meta.label, values, related, prefetched)


def _etag(
    request: HttpRequest, items: list[Any], count: BoundedCount, following: str | None
) -> str:
    user = getattr(request, "auth", None)
    reader = (
        getattr(user, "pk", None),
        getattr(user, "role", None),
        getattr(user, "party_id", None),
        get_language(),
    )
    body = repr(
        (
            reader,
            request.get_full_path(),
            count,
            following,
            [_fingerprint(item) for item in items],
        )
    )
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:40] + '"'


def _client_has(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    wanted = parse_etags(header)
    return "*" in wanted or etag.removeprefix("W/") in {e.removeprefix("W/") for e in wanted}


class NotModified(HttpResponseNotModified):
    """The 304 of a list whose copy the client holds. django-ninja's pagination wrapper reads and writes the
    `items` of what paginate_queryset returns before the operation returns any HttpResponse as it stands, so
    this one answers `items` as an empty page instead of as a header."""

    def __init__(self, etag: str) -> None:
        super().__init__()
        self["ETag"] = etag
        self["Cache-Control"] = CACHE_CONTROL

    def __getitem__(self, header: str) -> Any:
        return [] if header == "items" else super().__getitem__(header)

    def __setitem__(self, header: str, value: Any) -> None:
        if header != "items":
            super().__setitem__(header, value)


# Readers differ (visibility) and rows change: caches keep a copy per reader and ask before reusing it.
CACHE_CONTROL = "private, no-cache"


class ListETagMiddleware:
    """Puts the ETag a paginated API list computed (Pagination) on its response, so that the client can send
    it back as If-None-Match; the 304 itself is answered by Pagination before the page is serialised."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        etag = request.META.get(ETAG_KEY)
        if etag and response.status_code == 200 and not response.has_header("ETag"):
            response["ETag"] = etag
            response["Cache-Control"] = CACHE_CONTROL
            patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        return response
