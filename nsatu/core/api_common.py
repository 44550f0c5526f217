"""What every domain router shares: the caller, decimal strings, error bodies, pagination and conditional GET."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, get_args

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
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
    Each page is marked as a list, so ListETagMiddleware gives its answer an ETag (the body's hash) and answers
    304 to a request holding it. Every list endpoint pages through this one class, so every list answers
    conditional GETs the same way.
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
        request.META[LIST_KEY] = True  # ListETagMiddleware gives the answer its ETag
        return {"items": items, "count": count.value, "count_exact": count.exact, "next": following}


# Where Pagination marks a list for ListETagMiddleware, and where that leaves the full answer it turned into a
# 304 for ApiReadCacheMiddleware: the request is all they share.
LIST_KEY = "nsatu.api_list"
FULL_ANSWER_KEY = "nsatu.api_full_answer"
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


def _etag(request: HttpRequest, content: bytes) -> str:
    # The body itself, hashed, with the reader and the language: exact whatever the rows were read with, and
    # a copy held by one reader never matches another reader's answer.
    user = getattr(request, "auth", None)
    reader = (
        getattr(user, "pk", None),
        getattr(user, "role", None),
        getattr(user, "party_id", None),
        get_language(),
    )
    digest = hashlib.sha256(repr(reader).encode())
    digest.update(content)
    return '"' + digest.hexdigest()[:40] + '"'


def _client_has(request: HttpRequest, etag: str) -> bool:
    # META, not request.headers: that builds a mapping of every header, on every cached answer.
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    wanted = parse_etags(header)
    return "*" in wanted or etag.removeprefix("W/") in {e.removeprefix("W/") for e in wanted}


def _not_modified(etag: str) -> HttpResponseNotModified:
    answer = HttpResponseNotModified()
    answer["ETag"] = etag
    answer["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(answer, VARY)
    return answer


# Readers differ (visibility) and rows change: caches keep a copy per reader and ask before reusing it.
CACHE_CONTROL = "private, no-cache"


# What each reader's answer depends on besides the address.
VARY = ("Authorization", "Cookie", "Accept-Language")


class ListETagMiddleware:
    """Gives a paginated API list's answer (Pagination) an ETag, the hash of its body, and answers 304 when the
    request's If-None-Match holds it. Hashing the body costs microseconds where hashing the page's rows and
    what was read with them cost as much as serialising them; a current copy read straight from the response
    cache (ApiReadCacheMiddleware) gets its 304 before anything is read at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            request.META.get(LIST_KEY)
            and response.status_code == 200
            and isinstance(response, HttpResponse)
            and not response.has_header("ETag")
        ):
            etag = _etag(request, response.content)
            response["ETag"] = etag
            response["Cache-Control"] = CACHE_CONTROL
            patch_vary_headers(response, VARY)
            if _client_has(request, etag):
                # the full answer stays within reach of the response cache, for the readers who do not hold it
                request.META[FULL_ANSWER_KEY] = response
                return _not_modified(etag)
        return response


# ---------------------------------------------------------------- the response cache of API reads

# Where the bearer authenticator leaves when the caller's token expires (a POSIX time): a cached answer is
# never reused past it. Only a request authenticated by a token sets it, so only those answers are kept.
TOKEN_EXPIRES_KEY = "nsatu.token_expires_at"
# Larger answers are rebuilt each time: a cache of page-sized answers (50 pledges: ~22 kB), not of exports; with
# the per-process default cache (300 entries) a worker holds at most ~75 MB of them.
CACHE_MAX_BYTES = 250_000


class _SqliteGeneration:
    """This process's count of the changes it has noticed in its SQLite database.

    A file database is watched by one connection of the process's own that never writes: `PRAGMA data_version`
    on it changes with every commit of any other connection, the process's own threads included, so one commit
    moves the generation once, and a hit reads no Django connection at all. Counting what each thread's
    connection noticed instead moved the generation once per thread for the same commit (each move a miss of
    every cached answer) and again whenever a thread opened a connection. An in-memory database, whose
    connections share one cache (no other connection's commit shows in its data version), or a watch that cannot
    be opened, is still counted by the request's connection: another's commit by its data version, its own
    writes by its change count.

    The generation is read after a connection has looked, so a commit before the read has been noticed, now or
    earlier, and has moved it past every value read before the commit. One generation for the process lets its
    threads share cached answers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.name = uuid.uuid4().hex  # a shared cache may hold several processes' keys
        self.value = 0
        self._watch: tuple[int, str, sqlite3.Connection] | None = None
        self._watch_seen: object = None
        # Watches opened before a fork: used by the parent only, never closed by a child (SQLite forbids both).
        self._inherited: list[sqlite3.Connection] = []

    def current(self, connection: Any) -> str | None:
        path = str(connection.settings_dict["NAME"])
        if not connection.is_in_memory_db():
            with self.lock:
                version = self._watched_version(path)
                if version is not None:
                    if version != self._watch_seen:
                        self.value += 1
                        self._watch_seen = version
                    return self._stamp()
        return self._noticed_by(connection)

    def _watched_version(self, path: str) -> object:
        """The watch's data version (held under the lock), opening the watch first if this process has none."""
        if self._watch is None or self._watch[:2] != (os.getpid(), path):
            if self._watch is not None and self._watch[0] != os.getpid():
                self._inherited.append(self._watch[2])
            self._watch = None
            try:
                watch = sqlite3.connect(
                    path, timeout=20, isolation_level=None, check_same_thread=False
                )
            except sqlite3.Error:
                return None
            self._watch = (os.getpid(), path, watch)
            self._watch_seen = None  # another connection's versions: counts as a change
        try:
            row = self._watch[2].execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            self._watch[2].close()
            self._watch = None
            return None
        return row[0] if row else None

    def _noticed_by(self, connection: Any) -> str:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
        raw = connection.connection
        seen = (raw, row[0] if row else None, getattr(raw, "total_changes", None))
        # Held on Django's wrapper (per thread, like the connection) with the raw connection itself, so that a
        # new connection, which may reuse the old one's id(), always counts as a change.
        last = getattr(connection, _SEEN_ATTR, None)
        with self.lock:
            if last is None or last[0] is not raw or last[1:] != seen[1:] or None in seen:
                self.value += 1
                setattr(connection, _SEEN_ATTR, seen)
            return self._stamp()

    def _stamp(self) -> str:
        # The process id too: workers forked from a preloading master share `name` and count from the same
        # value, so equal counts in two workers may stand for different database states.
        return f"sqlite:{self.name}:{os.getpid()}:{self.value}"


_SEEN_ATTR = "_nsatu_data_seen"
_sqlite_generation = _SqliteGeneration()


def data_stamp(using: str = "default") -> str | None:
    """A value that changes whenever committed data of the database may have changed, read before the data it
    stands for; None when there is no such value (another database, or inside a transaction whose own writes
    it would not see). Reading it first is what makes a cached answer safe: the answer's data is at least as
    new as its stamp, and a commit after the stamp gives every later reader another stamp.

    PostgreSQL: the snapshot (xmin, xmax, in-progress xids). Equal snapshots see exactly the same committed
    rows; any write anywhere on the server gives a new one (a miss, never a stale answer). SQLite: this
    process's generation of noticed changes (_SqliteGeneration)."""
    connection = connections[using]
    if connection.in_atomic_block:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_snapshot()::text")
            row = cursor.fetchone()
        settings_dict = connection.settings_dict
        where = f"{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        return f"pg:{where}:{row[0]}" if row else None
    if connection.vendor == "sqlite":
        return _sqlite_generation.current(connection)
    return None


def _cache_key(request: HttpRequest, stamp: str) -> str:
    # Everything the answer may depend on besides the data: the caller's credentials (a token belongs to one
    # user, so no reader is ever handed another's answer), what the response says it varies on, the address.
    # The host and address as sent, not get_host() and get_full_path(), which validate and re-encode them on
    # every hit: raw values tell apart at least what those do, and an answer is only kept once the host passed
    # validation (CommonMiddleware refuses any other with 400 before it is built).
    meta = request.META
    parts = (
        stamp,
        meta.get("HTTP_X_FORWARDED_HOST", ""),
        meta.get("HTTP_HOST", ""),
        meta.get("SERVER_NAME", ""),
        meta.get("SERVER_PORT", ""),
        request.is_secure(),
        request.path,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_AUTHORIZATION", ""),
        meta.get("HTTP_COOKIE", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        meta.get("HTTP_ACCEPT", ""),
    )
    return "nsatu.api-read:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class _Kept:
    created: float
    token_expires: float
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def usable(self, now: float, seconds: int) -> bool:
        return now - self.created < seconds and now < self.token_expires

    def response(self, request: HttpRequest) -> HttpResponseBase:
        etag = next((value for name, value in self.headers if name == "ETag"), None)
        if etag and _client_has(request, etag):
            return _not_modified(etag)
        # The kept headers include Content-Type, so none is set only to be replaced.
        return HttpResponse(self.content, headers=dict(self.headers))


# The answers being built by a thread of this process, and how long another thread waits for one.
_building: dict[str, threading.Event] = {}
_building_lock = threading.Lock()
BUILD_WAIT_SECONDS = 10.0


def _cache_in_database() -> bool:
    """A cache kept in the database writes on every miss, and that write moves the data stamp: every entry would
    be cold before it is read, so the API cache stands aside (use redis:// to share it between servers)."""
    return settings.CACHES["default"]["BACKEND"].endswith(".DatabaseCache")


class ApiReadCacheMiddleware:
    """Answers a repeated API read (GET with a bearer token) from Django's cache while the database has not
    changed since the answer was built: no authentication query, no page query, no serialisation, and a 304
    straight away for an If-None-Match that holds the answer's ETag.

    The key is the data stamp (data_stamp(), read before anything else on a miss), the caller's token, the
    address and every header the answer varies on, so an answer is only ever reused for the same token, hence
    the same user: two readers never share an entry, whatever they may see. A revoked token, a user's changed
    role or party, an edited record: each is a commit, so each gives a new stamp. What the data cannot say is
    bounded by time: an entry lives NSATU_WEB_API_CACHE_SECONDS (values computed from the clock) and never past
    the token's expiry. Only 200 answers without cookies are kept, and only for calls a token authenticated.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds: int = settings.NSATU_WEB_API_CACHE_SECONDS
        if (
            seconds <= 0
            or _cache_in_database()
            or request.method != "GET"
            or not request.path.startswith("/api/")
            or not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")
        ):
            return self.get_response(request)
        stamp = data_stamp()
        if stamp is None:
            return self.get_response(request)
        key = _cache_key(request, stamp)
        kept = cache.get(key)
        if isinstance(kept, _Kept) and kept.usable(time.time(), seconds):
            return kept.response(request)
        # One thread of the process builds a missing answer; the others asking for the same key (same stamp,
        # so the same answer) wait for it instead of building it again, as they all would after a commit.
        with _building_lock:
            building = _building.get(key)
            if building is None:
                _building[key] = threading.Event()
        if building is not None:
            building.wait(BUILD_WAIT_SECONDS)
            kept = cache.get(key)
            if isinstance(kept, _Kept) and kept.usable(time.time(), seconds):
                return kept.response(request)
            return self._build(request, key, seconds)
        try:
            return self._build(request, key, seconds)
        finally:
            with _building_lock:
                _building.pop(key).set()

    def _build(self, request: HttpRequest, key: str, seconds: int) -> HttpResponseBase:
        now = time.time()
        response = self.get_response(request)
        full = request.META.get(FULL_ANSWER_KEY, response)
        if full is not response:
            # what the middleware between here and ListETagMiddleware added to the 304 (language, CSP)
            for name, value in response.items():
                if name not in full and name.lower() != "content-length":
                    full[name] = value
        expires = request.META.get(TOKEN_EXPIRES_KEY)
        if (
            isinstance(expires, float)
            and full.status_code == 200
            and isinstance(full, HttpResponse)
            and not full.cookies
            and not response.cookies
            and len(full.content) <= CACHE_MAX_BYTES
        ):
            kept = _Kept(
                created=now,
                token_expires=expires,
                headers=tuple(full.items()),
                content=full.content,
            )
            cache.set(key, kept, timeout=seconds)
        return response
