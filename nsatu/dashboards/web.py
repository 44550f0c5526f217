"""Helpers the page views of every app share: pagination, turning service errors into messages, 404s."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse

from nsatu.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError

# What a service may refuse with; views show the message and change nothing.
SERVICE_ERRORS = (ConflictError, PermissionDenied, ValidationError)


def paginate(request: HttpRequest, items: Any, *, param: str = "page") -> Page[Any]:
    paginator = Paginator(items, settings.NSATU_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))


def or_404[T](read: Callable[..., T], **kwargs: Any) -> T:
    """Run a `*_get` selector; a record that does not exist or is hidden is a plain 404."""
    try:
        return read(**kwargs)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return " ".join(
                f"{field}: {' '.join(errors)}" if field != "__all__" else " ".join(errors)
                for field, errors in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    return str(exc)


def refuse(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, error_text(exc))


def form_errors_from(form: Any, exc: ValidationError) -> bool:
    """Attach a service's field errors to the form's fields; True when every error found a field."""
    if not hasattr(exc, "error_dict"):
        return False
    placed = True
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        if target is None:
            placed = False
        for error in errors:
            form.add_error(target, error)
    return placed


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Excel opens UTF-8 correctly only with a byte-order mark.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    return response


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in Excel.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
