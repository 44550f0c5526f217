from __future__ import annotations

from dataclasses import dataclass

from nsatu.audit.chain import event_digest
from nsatu.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_id: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def audit_chain_verify() -> ChainReport:
    """Recompute every hash in order; the first event whose stored hash or link does not match is named."""
    prev = ""
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event.prev_hash != prev:
            return ChainReport(
                count, event.pk, f"event {event.pk} does not link to the event before it"
            )
        digest = event_digest(
            prev_hash=event.prev_hash,
            at=event.at.isoformat(),
            actor=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            before=event.before,
            after=event.after,
        )
        if digest != event.hash:
            return ChainReport(
                count,
                event.pk,
                f"event {event.pk} ({event.action}) was altered after it was written",
            )
        prev = event.hash
    return ChainReport(count, None, "intact")
