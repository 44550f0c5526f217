"""One page of a long list, the same size everywhere (NSATU_PAGE_SIZE)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Page, Paginator

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination  # a protocol of the stubs only


def page_of[T](items: _SupportsPagination[T], number: str | None) -> Page[T]:
    """An unknown or out-of-range page number gives the first or the last page, never an error."""
    return Paginator(items, settings.NSATU_PAGE_SIZE).get_page(number)


@dataclass(frozen=True)
class Sort:
    """A list's order as the user chose it from a column header (`?sort=key` or `?sort=-key`)."""

    key: str
    descending: bool
    fields: tuple[str, ...]

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def _flipped(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def sort_of(value: str | None, options: Mapping[str, Sequence[str]], default: str) -> Sort:
    """The order a list's `?sort=` asks for among the columns it offers (`options`: key → order_by fields,
    ascending); anything else gives the default. The primary key closes every order, so a page boundary
    never moves between two requests."""
    wanted = value or default
    descending = wanted.startswith("-")
    key = wanted.lstrip("-")
    if key not in options:
        descending = default.startswith("-")
        key = default.lstrip("-")
    fields = [_flipped(f) if descending else f for f in options[key]]
    if not any(f.lstrip("-") in ("pk", "id") for f in fields):
        fields.append("-pk" if descending else "pk")
    return Sort(key=key, descending=descending, fields=tuple(fields))
