"""Helpers the page views of every app share: pagination, turning service errors into messages, 404s."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from nsatu.core.actors import Actor, is_signed_in
from nsatu.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.paging import page_of
from nsatu.core.tables import (
    FORMULA_PREFIXES,
    XLSX_CONTENT_TYPE,
    download_datetime,
    neutralise,
    plain_text,
    xlsx_file,
)

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination

# What a service may refuse with; views show the message and change nothing.
SERVICE_ERRORS = (ConflictError, PermissionDenied, ValidationError)


def paginate[T](
    request: HttpRequest, items: _SupportsPagination[T], *, param: str = "page"
) -> Page[T]:
    return page_of(items, request.GET.get(param))


def actor_of(request: HttpRequest) -> Actor:
    """The signed-in user of a page behind `login_required`; anyone else is refused, never served as public."""
    user = request.user
    if not isinstance(user, Actor) or not is_signed_in(user):
        raise PermissionDenied(_("Log in to use this page."))
    return user


def or_404[T](read: Callable[..., T], **kwargs: Any) -> T:
    """Run a `*_get` selector (or a service that finds its record by key); a record that does not exist or is
    hidden is a plain 404."""
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


def refused_by(
    request: HttpRequest,
    check: Callable[[Actor], None],
    actor: Actor,
    *,
    to: str,
    **url_kwargs: Any,
) -> HttpResponse | None:
    """Ask a domain rule before showing a form: a refusal goes back to `to` with the rule's own reason.

    None when the actor may go on. A forged POST still reaches the service, which refuses it itself.
    """
    try:
        check(actor)
    except PermissionDenied as exc:
        refuse(request, exc)
        response: HttpResponse = redirect(to, **url_kwargs)
        return response
    return None


def form_errors_from(form: forms.BaseForm, exc: ValidationError) -> bool:
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


def write_and_redirect[T](
    request: HttpRequest,
    write: Callable[[], T],
    *,
    done: Callable[[T], str],
    to: str,
    **url_kwargs: Any,
) -> HttpResponse:
    """Run one service write (it owns its transaction), say how it went, and go back to the page it was asked from."""
    try:
        result = write()
    except SERVICE_ERRORS as exc:
        refuse(request, exc)
    else:
        messages.success(request, done(result))
    response: HttpResponse = redirect(to, **url_kwargs)
    return response


def write_from_form[T](
    request: HttpRequest, form: forms.BaseForm, write: Callable[[], T]
) -> tuple[T | None, int]:
    """Run one service write for a valid form; a refusal goes on the form's fields or into a message.

    Returns the written record (None when refused) and the status to render the form with: 409 for a stale
    version, so the user sees what changed and reloads; 403 when the role may not; 400 for bad input.
    """
    try:
        return write(), 200
    except ConflictError as exc:
        refuse(request, exc)
        return None, 409
    except ValidationError as exc:
        if not form_errors_from(form, exc):
            refuse(request, exc)
        return None, 400
    except PermissionDenied as exc:
        refuse(request, exc)
        return None, 403


def limit_releasability(field: forms.Field, allowed: list[str]) -> None:
    """Offer only the releasabilities in `allowed`; a forged other value gets a message saying why."""
    # A form's fields are typed as plain fields; the releasability field is always a choice field.
    choice = cast(forms.ChoiceField, field)
    choice.choices = [(value, label) for value, label in Releasability.choices if value in allowed]
    choice.error_messages["invalid_choice"] = _(
        "With this releasability you could not read the record once it is saved. Choose one of: %(allowed)s."
    ) % {"allowed": ", ".join(str(Releasability(r).label) for r in allowed)}


DOWNLOAD_FORMATS = ("csv", "xlsx")


def download_format(request: HttpRequest) -> str | None:
    """The table format a page's `?format=` asks for: None for the page itself. An unknown format is refused
    with a 400 that names the ones there are, never quietly answered with the page."""
    fmt = request.GET.get("format")
    if fmt is None or fmt == "":
        return None
    if fmt not in DOWNLOAD_FORMATS:
        raise BadRequest(
            _("Unknown format %(fmt)s: use %(formats)s.")
            % {"fmt": fmt, "formats": " or ".join(DOWNLOAD_FORMATS)}
        )
    return fmt


def wants_download(request: HttpRequest) -> bool:
    return download_format(request) is not None


def download_response(
    request: HttpRequest, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """What the page shows, as the file its `?format=` asks for (CSV or XLSX), with the same header and rows.

    Both stream: the CSV row by row, the XLSX through openpyxl's write-only workbook on a temporary file, so a
    download of a million lines never sits in memory. Read either whole with `response.getvalue()`.
    """
    fmt = download_format(request) or "csv"
    stem = filename.rsplit(".", 1)[0] if filename.endswith((".csv", ".xlsx")) else filename
    labels = [str(h) for h in header]
    if fmt == "xlsx":
        response: StreamingHttpResponse = FileResponse(
            xlsx_file(labels, rows),
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
        return response
    lines = (
        _csv_texts(labels, rows.csv_lines())
        if isinstance(rows, DownloadRows)
        else _csv_lines(labels, rows)
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


CSV_CHUNK_ROWS = 500


# Values csv writes as they are (str() of them): a million-row export skips a function call per such cell.
_CSV_AS_IS = frozenset({int, float, bool, Decimal, datetime.date})


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Excel opens UTF-8 correctly only with a byte-order mark.
    buffer.write("\ufeff")
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow(
            [
                v
                if (t := type(v)) in _CSV_AS_IS
                or (t is str and v.isprintable() and not v.startswith(FORMULA_PREFIXES))
                else _csv_safe(v)
                for v in row
            ]
        )
        pending += 1
        if pending >= CSV_CHUNK_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending or buffer.tell():
        yield buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class DownloadRows:
    """A download's rows with a second, faster way to its CSV: `csv_lines()` gives the same lines as CSV text, each
    cell already what `_csv_lines` writes for it (made safe by `csv_cell` or `csv_text`, then quoted), so a
    million-line export makes no check per cell and no call to the csv writer per line. The XLSX, and any
    other reader, iterates the typed `rows`; only the one the request asks for is ever read."""

    rows: Iterable[Sequence[Any]]
    csv_lines: Callable[[], Iterator[str]]

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return iter(self.rows)


def _csv_texts(header: Sequence[str], texts: Iterator[str]) -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(header)
    yield buffer.getvalue().encode("utf-8")
    for text in texts:
        yield text.encode("utf-8")


def csv_cell(value: object) -> str:
    """One cell exactly as `_csv_lines` writes it (made safe, then quoted where csv quotes it), for the tables of
    labels a `DownloadRows` writes once rather than on every line."""
    plain = type(value) in _CSV_AS_IS or (
        type(value) is str and value.isprintable() and not value.startswith(FORMULA_PREFIXES)
    )
    safe = value if plain else _csv_safe(value)
    buffer = io.StringIO()
    # A second cell, cut off after: csv quotes a line of one empty cell, never an empty cell among others.
    csv.writer(buffer).writerow([safe, ""])
    return buffer.getvalue()[: -len(",\r\n")]


class CsvCells(dict[Any, str]):
    """A table of cells written once with csv_cell, read once per line by subscript; a key it lacks (a record
    the reader may not see) reads as `missing`, without a method call per line as `.get` would make."""

    def __init__(self, cells: dict[Any, str], missing: str) -> None:
        super().__init__(cells)
        self.missing = missing

    def __missing__(self, key: object) -> str:
        return self.missing


def csv_text(value: str) -> str:
    """csv_cell of a text without the csv writer in the common case: a printable text (so no line break) that a
    spreadsheet would not run as a formula, with no comma or quote, is written as it is."""
    if (
        value.isprintable()
        and not value.startswith(FORMULA_PREFIXES)
        and "," not in value
        and '"' not in value
    ):
        return value
    return csv_cell(value)


def _csv_safe(value: object) -> object:
    if type(value) is str:
        # The common case, once per cell of a million-row export: only a string that is not printable can hold
        # a character plain_text removes, so the regex runs only on those.
        if not value.isprintable():
            value = plain_text(value)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return download_datetime(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, str):
        return neutralise(plain_text(value))
    return value
