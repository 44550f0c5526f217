"""Helpers every service uses: role checks and versioned updates. They never commit: the caller owns the transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from nsatu.audit.models import AuditEvent
from nsatu.audit.services import audit_event_record, snapshot
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Record, RecordShare


def require_role(actor: Any, *roles: str, action: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("You must be logged in to %(action)s.") % {"action": action})
    if actor.role not in roles:
        raise PermissionDenied(
            _("Your role (%(role)s) may not %(action)s.")
            % {"role": actor.role_label, "action": action}
        )


def full_clean_or_raise(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


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


def versioned_update[M: Record](
    *, actor: Any, obj: M, changes: dict[str, Any], expected_version: int | None, action: str
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


def create_audited[M: models.Model](*, actor: Any, obj: M, action: str) -> M:
    full_clean_or_raise(obj)
    obj.save()
    audit_event_record(actor=actor, action=action, obj=obj, before=None, after=snapshot(obj))
    return obj


def record_share(*, actor: Any, obj: Record, party: Any) -> None:
    """The owner releases one record to one more party (e.g. an owner-only pledge to Ukraine's planners)."""
    _require_owner(actor, obj, action=_("share this record"))
    if party.pk == obj.owner_id:
        raise ValidationError(
            {"party": [_("%(party)s owns this record already.") % {"party": party}]}
        )
    _share, created = RecordShare.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, party=party
    )
    if created:
        audit_event_record(
            actor=actor, action="record.share", obj=obj, after={"shared_with": party.code}
        )


def record_unshare(*, actor: Any, obj: Record, party: Any) -> None:
    _require_owner(actor, obj, action=_("stop sharing this record"))
    deleted, _rows = RecordShare.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, party=party
    ).delete()
    if deleted:
        audit_event_record(
            actor=actor, action="record.unshare", obj=obj, before={"shared_with": party.code}
        )


def _require_owner(actor: Any, obj: Record, *, action: str) -> None:
    # Only the owner decides who else reads its record: sharing widens need-to-know, so the command cannot.
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("You must be logged in to %(action)s.") % {"action": action})
    if obj.owner_id is None or actor.party_id != obj.owner_id:
        raise PermissionDenied(
            _("Only %(owner)s may %(action)s.")
            % {"owner": obj.owner or _("its owner"), "action": action}
        )
