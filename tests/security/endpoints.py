"""Every GET endpoint of the site and the API, read from the URL configuration itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Not pages about records: the admin has its own permission model, logout ends the session, the schema and its
# viewer describe the API rather than return data.
SKIPPED_PREFIXES = ("admin/", "accounts/logout/", "api/docs", "api/openapi.json")
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# The briefing's PDF compresses its text, so a marker cannot be looked for in it; its XLSX holds the same figures.
FORMATS = ("xlsx",)


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str
    params: tuple[tuple[str, str], ...]  # (converter, name)

    def fill(self, value: str) -> str:
        return "/" + PARAM.sub(lambda _m: value, self.route)

    @property
    def is_format(self) -> bool:
        """`briefing.<str:fmt>`: one report in several formats, a list endpoint rather than a detail."""
        return any(name in ("fmt", "format") for _c, name in self.params)


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str | None
) -> Iterator[Endpoint]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if (prefix + str(pattern.pattern)).startswith(SKIPPED_PREFIXES):
                continue
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
            continue
        route = prefix + str(pattern.pattern)
        if "^" in route or "(?P" in route:
            raise AssertionError(f"{route}: a regex route; teach the filler its parameters")
        params = tuple(
            (m.group("converter") or "str", m.group("name")) for m in PARAM.finditer(route)
        )
        yield Endpoint(route=route, name=f"{namespace}:{pattern.name}", params=params)


def all_endpoints() -> list[Endpoint]:
    seen: dict[str, Endpoint] = {}
    for endpoint in _walk(get_resolver().url_patterns, "", None):
        # ninja registers one pattern per operation on a path; a GET reaches the same view through any of them.
        if not endpoint.route.startswith(SKIPPED_PREFIXES):
            seen.setdefault(endpoint.route, endpoint)
    return list(seen.values())
