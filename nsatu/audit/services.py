from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from nsatu.audit.models import AuditEvent

CHAIN_LOCK_KEY = 0x6E73617475  # "nsatu": one advisory lock guards the head of the audit chain


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))


def event_digest(
    *,
    prev_hash: str,
    at: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
) -> str:
    body = _canonical(
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
    result: dict[str, Any] = json.loads(_canonical(data))
    return result


def audit_event_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # A savepoint inside the caller's transaction (never a commit of its work): the advisory lock below is
    # transaction-scoped and must outlive the read of the chain head until the new event is written.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Row locks do not serialise writers that read the chain head at the same time (nor an empty table):
            # a transaction-scoped advisory lock does, until the caller's transaction ends.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").only("hash").first()
        prev_hash = last.hash if last else ""
        at = timezone.now()
        actor_label = getattr(actor, "username", "") or "system"
        before = json.loads(_canonical({"v": before}))["v"]
        after = json.loads(_canonical({"v": after}))["v"]
        digest = event_digest(
            prev_hash=prev_hash,
            at=at.isoformat(),
            actor=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )
        return AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label,
            at=at,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
            prev_hash=prev_hash,
            hash=digest,
        )
