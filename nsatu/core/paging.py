"""One page of a long list, the same size everywhere (NSATU_PAGE_SIZE)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Page, Paginator

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination  # a protocol of the stubs only


def page_of[T](items: _SupportsPagination[T], number: str | None) -> Page[T]:
    """An unknown or out-of-range page number gives the first or the last page, never an error."""
    return Paginator(items, settings.NSATU_PAGE_SIZE).get_page(number)
