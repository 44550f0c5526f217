"""Writes of the audit trail, and the record writes that leave an event: every service creates, updates and
shares records through these, so no write escapes the trail."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.chain import CHAIN_LOCK_KEY, canonical, event_digest, snapshot
from nsatu.audit.models import AuditEvent
from nsatu.core.actors import Actor, PartyHandle, Reader, is_signed_in
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Record, RecordShare, full_clean_or_raise


@transaction.atomic
def audit_event_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: object = None,
    after: object = None,
) -> AuditEvent:
    """Append one event to the chain; `actor` None is the system (an import, the demo, a command)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # Within the writing service's transaction (a savepoint of it): the advisory lock below is
    # transaction-scoped and must outlive the read of the chain head until the new event is written.
    if connection.vendor == "postgresql":
        # Row locks do not serialise writers that read the chain head at the same time (nor an empty table):
        # a transaction-scoped advisory lock does, until the caller's transaction ends.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").only("hash").first()
    prev_hash = last.hash if last else ""
    at = timezone.now()
    actor_label = (actor.username if actor is not None else "") or "system"
    before = json.loads(canonical({"v": before}))["v"]
    after = json.loads(canonical({"v": after}))["v"]
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
        # `or None`: a stand-in reader of the command view has no row in the users table.
        actor_id=(actor.pk or None) if actor is not None else None,
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


def _changed_since(current: Record, version: int) -> dict[str, Any]:
    """Fields that differ from the version the writer saw; the record keeps no history, its audit events do.

    The first write after that version recorded it as its `before`.
    """
    seen = (
        AuditEvent.objects.filter(
            object_type=current._meta.label_lower,
            object_id=str(current.pk),
            before__version=version,
        )
        .order_by("id")
        .values_list("before", flat=True)
        .first()
    )
    if not isinstance(seen, dict):
        return {}
    return {
        name: value
        for name, value in snapshot(current).items()
        if name != "version" and name in seen and seen[name] != value
    }


@transaction.atomic
def record_update[M: Record](
    *,
    actor: Actor | None,
    obj: M,
    changes: dict[str, Any],
    expected_version: int | None,
    action: str,
) -> M:
    """Apply `changes` only if nobody else wrote since `expected_version`; leave an audit event."""
    model = type(obj)
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        changed = _changed_since(current, expected_version) or {
            name: getattr(current, name)
            for name in changes
            if getattr(current, name) != getattr(obj, name, None)
        }
        detail = ", ".join(f"{k} is now {v!r}" for k, v in changed.items()) or _(
            "other fields changed"
        )
        raise ConflictError(
            _(
                "%(obj)s was changed by someone else (version %(have)s, you edited version %(want)s): %(detail)s. "
                "Reload and apply your change again."
            )
            % {"obj": current, "have": current.version, "want": expected_version, "detail": detail}
        )
    if all(getattr(current, name) == value for name, value in changes.items()):
        return current  # nothing to write: no new version, no audit event
    before = snapshot(current)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    full_clean_or_raise(current)
    current.save()
    audit_event_record(
        actor=actor, action=action, obj=current, before=before, after=snapshot(current)
    )
    return current


@transaction.atomic
def record_create[M: models.Model](*, actor: Actor | None, obj: M, action: str) -> M:
    full_clean_or_raise(obj)
    obj.save()
    audit_event_record(actor=actor, action=action, obj=obj, before=None, after=snapshot(obj))
    return obj


@transaction.atomic
def record_share(*, actor: Reader, obj: Record, party: PartyHandle) -> None:
    """The owner releases one record to one more party (e.g. an owner-only pledge to Ukraine's planners)."""
    _require_owner(actor, obj, action=_("share this record"))
    if party.pk == obj.owner_id:
        raise ValidationError(
            {"party": [_("%(party)s owns this record already.") % {"party": party.name}]}
        )
    _share, created = RecordShare.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, party_id=party.pk
    )
    if created:
        audit_event_record(
            actor=actor, action="record.share", obj=obj, after={"shared_with": party.code}
        )


@transaction.atomic
def record_unshare(*, actor: Reader, obj: Record, party: PartyHandle) -> None:
    _require_owner(actor, obj, action=_("stop sharing this record"))
    deleted, _rows = RecordShare.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, party_id=party.pk
    ).delete()
    if deleted:
        audit_event_record(
            actor=actor, action="record.unshare", obj=obj, before={"shared_with": party.code}
        )


def _require_owner(actor: Reader, obj: Record, *, action: str) -> None:
    # Only the owner decides who else reads its record: sharing widens need-to-know, so the command cannot.
    if actor is None or not is_signed_in(actor):
        raise PermissionDenied(_("You must be logged in to %(action)s.") % {"action": action})
    if obj.owner_id is None or actor.party_id != obj.owner_id:
        raise PermissionDenied(
            _("Only %(owner)s may %(action)s.")
            % {"owner": obj.owner or _("its owner"), "action": action}
        )
