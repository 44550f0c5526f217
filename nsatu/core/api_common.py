"""What every domain router shares: the caller, decimal strings, error bodies, pagination."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, get_args

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, PlainSerializer, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from nsatu.core.actors import Actor
from nsatu.core.errors import PermissionDenied
from nsatu.core.inputs import date_refusal, decimal_refusal, integer_refusal, text_refusal

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


class Pagination(LimitOffsetPagination):
    """limit/offset with a count; more than MAX_PAGE rows at once is refused with 422, not silently cut."""

    class Input(Schema):
        limit: int = Field(settings.NSATU_PAGE_SIZE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=2**31 - 1)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)
