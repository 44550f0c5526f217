"""Errors that services raise; views and the API turn them into messages and status codes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ConflictError", "NotFound", "PermissionDenied", "ValidationError"]


class ConflictError(Exception):
    """A write based on a stale version of a record."""


class NotFound(Exception):
    """The record does not exist or is not visible to the user (deliberately indistinguishable)."""
