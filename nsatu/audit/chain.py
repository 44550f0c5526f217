"""How an audit event is hashed, and the JSON picture of a record it keeps as before and after."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

CHAIN_LOCK_KEY = 0x6E73617475  # "nsatu": one advisory lock guards the head of the audit chain


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))


def event_digest(
    *,
    prev_hash: str,
    at: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: object,
    after: object,
) -> str:
    body = canonical(
        {
            "prev": prev_hash,
            "at": at,
            "actor": actor,
            "action": action,
            "type": object_type,
            "id": object_id,
            "before": before,
            "after": after,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


def snapshot(obj: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe picture of a record's concrete fields, for the before/after of an event."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        if name in ("created_at", "updated_at"):
            continue
        data[name] = field.value_from_object(obj)
    result: dict[str, Any] = json.loads(canonical(data))
    return result
