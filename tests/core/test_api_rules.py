"""Rules every endpoint of the composed API keeps, read from its own OpenAPI description: each JSON body refuses
unknown fields (its schema derives from nsatu.core.api_common.InputSchema), so no endpoint can forget it."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.test import Client


@functools.cache
def _openapi() -> dict[str, Any]:
    return Client().get("/api/openapi.json").json()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref.rsplit("/", 1)[1]
    return _resolve(_openapi()["components"]["schemas"][name])


def _bodies() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, operations in _openapi()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                found.append((method.upper(), path, _resolve(media["schema"])))
    return found


def _open_objects(schema: dict[str, Any], where: str) -> list[str]:
    """Every object in a body schema (nested ones too) that would accept a field it does not declare."""
    schema = _resolve(schema)
    open_ = []
    if schema.get("type") == "object" or "properties" in schema:
        if schema.get("additionalProperties") is not False:
            open_.append(where)
        for name, sub in schema.get("properties", {}).items():
            open_ += _open_objects(sub, f"{where}.{name}")
    for key in ("items", "anyOf", "oneOf", "allOf"):
        sub = schema.get(key)
        for part in sub if isinstance(sub, list) else [sub] if sub else []:
            open_ += _open_objects(part, where)
    return open_


@pytest.mark.django_db
def test_the_api_has_json_bodies_to_check():
    assert len(_bodies()) >= 30


@pytest.mark.django_db
def test_every_json_body_refuses_unknown_fields():
    open_ = [
        f"{method} {path}: {where}"
        for method, path, schema in _bodies()
        for where in _open_objects(schema, "body")
    ]
    assert open_ == [], "body schemas that do not derive from InputSchema"


def test_the_check_sees_an_open_body():
    assert _open_objects({"type": "object", "properties": {"a": {"type": "string"}}}, "body") == [
        "body"
    ]
    closed = {"type": "object", "properties": {}, "additionalProperties": False}
    assert _open_objects(closed, "body") == []
