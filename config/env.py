"""Typed readers of environment variables. A malformed value stops start-up with its name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"environment variable {name}={raw!r} is not a boolean (use 1/0, true/false)"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"environment variable {name}={raw!r} is not an integer"
        ) from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


_CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
}


def env_cache(name: str, default: str) -> dict[str, str]:
    """A cache from a URL: locmem://, file:///a/folder, db://table_name or redis://host:port/db (the last needs
    the redis package; several application servers must share a file, db or redis cache)."""
    raw = os.environ.get(name, default)
    scheme, sep, rest = raw.partition("://")
    backend = _CACHE_BACKENDS.get(scheme)
    if not sep or backend is None:
        raise ImproperlyConfigured(
            f"environment variable {name}={raw!r} is not a cache URL "
            f"({', '.join(s + '://' for s in _CACHE_BACKENDS)})"
        )
    if scheme == "redis":
        return {"BACKEND": backend, "LOCATION": raw}
    if scheme in ("file", "db") and not rest:
        raise ImproperlyConfigured(f"environment variable {name}={raw!r} names no folder or table")
    return {"BACKEND": backend, "LOCATION": rest or "nsatu"}


def source_digest(root: Path) -> str:
    """A short digest of every Python file under `root`: changes with any change of the code."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
