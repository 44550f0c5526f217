"""Service errors to status codes. One body shape: {"detail": ...}, and for bad input {"errors": {field: [...]}}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError

from nsatu.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError

# ninja names where a bad value came from; the client needs only the field's own name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _input_field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # A body is bound to one parameter (e.g. "payload"); its name is an implementation detail.
    if len(parts) > 1 and parts[0] in {"payload", "filters", "ninja_pagination"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _summary(errors: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
        for field, messages in errors.items()
    )


def validation_body(errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"detail": _summary(errors), "errors": errors}


def install_error_handlers(api: NinjaAPI) -> None:
    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        # The same words whether the record is missing or hidden: the answer must not reveal that it exists.
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    def denied(request: HttpRequest, exc: object) -> HttpResponse:
        message = str(exc) or _("You may not do this.")
        return api.create_response(request, {"detail": message}, status=403)

    def conflict(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=409)

    def invalid(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        if hasattr(exc, "error_dict"):
            errors = {
                field: [str(m) for m in messages] for field, messages in exc.message_dict.items()
            }
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        return api.create_response(request, validation_body(errors), status=422)

    def bad_input(request: HttpRequest, exc: object) -> HttpResponse:
        assert isinstance(exc, InputError)
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            field = _input_field(error.get("loc", ()))
            message = str(error.get("msg", ""))
            if error.get("type") == "extra_forbidden":
                message = _("%(field)s is not a field of this request; it cannot be set here.") % {
                    "field": field
                }
            errors.setdefault(field, []).append(message)
        return api.create_response(request, validation_body(errors), status=422)

    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        # An authenticator that knows why (an expired token) says so; ninja's own refusal says "Unauthorized".
        reason = exc.message if isinstance(exc, AuthenticationError) else ""
        if reason and reason != AuthenticationError().message:
            message = reason
        elif request.headers.get("Authorization", "").lower().startswith("bearer"):
            message = _("The API token is not valid or has been revoked.")
        else:
            message = _("Authentication required: send 'Authorization: Bearer <token>' or log in.")
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="nsatu"'
        return response

    def malformed(request: HttpRequest, exc: object) -> HttpResponse:
        # Django refuses a request it cannot read (a body too large, a malformed multipart or encoding) before any
        # schema sees it; its own 400 is an HTML page, which tells an API client nothing.
        if isinstance(exc, RequestDataTooBig):
            # still a security event for Django's log, as its own handler would have recorded it
            logging.getLogger("django.security.RequestDataTooBig").warning(
                "%s: %s", request.path, exc
            )
            message = _("The request body is too large.")
        else:
            message = _("The request could not be read (a malformed body or encoding).")
        return api.create_response(request, {"detail": message}, status=400)

    def out_of_range(request: HttpRequest, exc: object) -> HttpResponse:
        # The net under nsatu.core.inputs: a value a database still refused, or a date computed past the calendar.
        logging.getLogger(__name__).warning("input refused late on %s: %s", request.path, exc)
        reason = _("A value of this request is out of range for what can be stored or computed.")
        return api.create_response(request, validation_body({"__all__": [reason]}), status=422)

    api.add_exception_handler(DataError, out_of_range)
    api.add_exception_handler(OverflowError, out_of_range)
    api.add_exception_handler(NotFound, not_found)
    api.add_exception_handler(BadRequest, malformed)
    api.add_exception_handler(RequestDataTooBig, malformed)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(ConflictError, conflict)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(InputError, bad_input)
    api.add_exception_handler(AuthenticationError, unauthenticated)
