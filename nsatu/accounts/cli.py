"""What the commands share about the people they act as."""

from __future__ import annotations

from django.core.management.base import CommandError

from nsatu.accounts.selectors import user_by_username
from nsatu.core.actors import Reader


def reader_for(username: str | None) -> Reader:
    """The active user named by `--as`; without it, nobody: the command reads only what the public may."""
    if not username:
        return None
    user = user_by_username(username=username)
    if user is None or not user.is_active:
        raise CommandError(f"no active user {username!r}")
    return user
