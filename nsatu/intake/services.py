"""Writes: storing a document with its claims, and the review of each claim (edit, confirm, merge, reject).

A confirmed claim becomes a pledge at status "announced" through nsatu.pledges.services, so the pledge rules
(who may write for which donor, currency codes) hold here too; its notes quote the source span.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_update
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability, full_clean_or_raise
from nsatu.core.visibility import readable_releasabilities
from nsatu.engine.intake import DocumentError, ItemMatcher, extract_claims, kind_for, read_document
from nsatu.engine.ledger import INTAKE
from nsatu.intake import rules
from nsatu.intake.models import Claim, ClaimStatus, SourceDocument
from nsatu.intake.provenance import claim_announced, provenance
from nsatu.intake.selectors import (
    claim_get,
    claim_merge_candidates,
    document_by_sha256,
    item_matcher,
)
from nsatu.intake.texts import document_error_text
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.services import pledge_create, pledge_update
from nsatu.sources.models import Dataset

EXTRACTOR_VERSION = "rules-1"
# The document's text is in the record; the audit trail keeps its hash, not a second copy.
DOCUMENT_AUDIT_FIELDS = [
    "id",
    "kind",
    "title",
    "published_on",
    "sha256",
    "file_name",
    "size_bytes",
    "source_url",
    "owner",
    "releasability",
    "uploaded_by",
    "extractor",
]


@dataclass(frozen=True)
class Ingested:
    document: SourceDocument
    claims: list[Claim]


@dataclass(frozen=True)
class Reviewed:
    """A claim confirmed or merged, and the pledge it now stands for."""

    claim: Claim
    pledge: Pledge


@transaction.atomic
def document_ingest(
    *,
    actor: Actor | None,
    name: str,
    data: bytes,
    matcher: ItemMatcher | None = None,
    title: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    releasability: str = Releasability.PARTICIPANTS,
) -> Ingested:
    """Store one document and the claims read from it. `actor` None is the command line (the server's operator).

    `matcher` names the item types the text may mention; by default those of the catalogue the actor reads.
    """
    if actor is not None:
        require_role(actor, *rules.INGEST_ROLES, action=_("store documents"))
        allowed = readable_releasabilities(actor, owner_id=actor.party_id)
        if releasability not in allowed:
            raise ValidationError(
                {
                    "releasability": [
                        _(
                            'A document marked "%(rel)s" would not be readable by you once stored. Choose one of: '
                            "%(allowed)s."
                        )
                        % {
                            "rel": Releasability(releasability).label,
                            "allowed": ", ".join(str(Releasability(r).label) for r in allowed),
                        }
                    ]
                }
            )
    try:
        kind = kind_for(name, data)
        read = read_document(data, kind=kind, name=name, max_bytes=settings.NSATU_MAX_UPLOAD_BYTES)
    except DocumentError as exc:
        raise ValidationError({"file": [document_error_text(exc.code, exc.params)]}) from None
    digest = hashlib.sha256(data).hexdigest()
    existing = document_by_sha256(user=actor, sha256=digest, operator=actor is None)
    if existing is not None:
        raise ValidationError(
            {
                "file": [
                    _("%(name)s is already stored as document %(id)s (the same bytes).")
                    % {"name": name, "id": existing.pk}
                ]
            }
        )
    document = SourceDocument(
        kind=kind,
        title=(title or read.title or name)[:300],
        published_on=published_on or read.published,
        sha256=digest,
        file_name=name[:255],
        size_bytes=len(data),
        text=read.text,
        source_url=url or read.url,
        uploaded_by_id=actor.pk if actor is not None else None,
        owner_id=actor.party_id if actor is not None else None,
        releasability=releasability,
        extractor=EXTRACTOR_VERSION,
    )
    full_clean_or_raise(document)
    try:
        # A colleague of the same party storing the same bytes at this moment: his copy is the party's.
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise ValidationError(
            {"file": [_("%(name)s was stored by your party a moment ago.") % {"name": name}]}
        ) from None
    audit_event_record(
        actor=actor,
        action="document.create",
        obj=document,
        before=None,
        after=snapshot(document, fields=DOCUMENT_AUDIT_FIELDS),
    )
    claims = _store_claims(
        document=document, matcher=item_matcher(user=actor) if matcher is None else matcher
    )
    for claim in claims:
        notice_emit(
            actor=actor,
            kind=NoticeKind.INTAKE_AWAITING,
            subject=claim,
            link=reverse("intake:claim", args=[claim.pk]),
            label=f"{document.title[:80]}: {claim.item_text[:60]}",
        )
    audit_event_record(
        actor=actor,
        action="document.extract",
        obj=document,
        before=None,
        after={"claims": [c.pk for c in claims], "extractor": EXTRACTOR_VERSION},
    )
    return Ingested(document=document, claims=claims)


def _store_claims(*, document: SourceDocument, matcher: ItemMatcher) -> list[Claim]:
    candidates = extract_claims(document.text, matcher=matcher, published=document.published_on)
    codes = {c.donor for c in candidates if c.donor} | {
        c.recipient for c in candidates if c.recipient
    }
    parties = {p.code: p for p in Party.objects.filter(code__in=codes)}
    claims = []
    for c in candidates:
        donor = parties.get(c.donor) if c.donor else None
        notes = list(c.notes)
        if c.donor and donor is None:
            notes.append(_("%(code)s is not a party in nsatu yet") % {"code": c.donor})
        claims.append(
            Claim(
                document=document,
                start=c.start,
                end=c.end,
                evidence_start=c.evidence_start,
                evidence_end=c.evidence_end,
                sentence=c.sentence,
                evidence=c.evidence[:500],
                donor=donor,
                donor_text=c.donor_text[:200],
                donor_code=c.donor or "",
                recipient=parties.get(c.recipient) if c.recipient else None,
                kind=c.kind,
                item_type_id=c.item_id,
                item_text=(c.item_text or c.item_name)[:300],
                item_candidates=list(c.item_candidates),
                quantity=c.quantity,
                amount=c.amount,
                currency=c.currency,
                mechanism=c.mechanism,
                date_announced=c.date_announced,
                date_precision=c.date_precision,
                confidence=Decimal(str(c.confidence)).quantize(Decimal("0.01")),
                classification=c.classification,
                reason_code=c.reason_code,
                reason_params=dict(c.reason_params),
                notes="\n".join(notes),
                owner=donor,
                releasability=document.releasability,
            )
        )
    for claim in claims:
        full_clean_or_raise(claim, exclude=["document"])
    return Claim.objects.bulk_create(claims)


def _claim_at_version(*, actor: Actor, claim_id: int, expected_version: int | None) -> Claim:
    """The claim as stored now, locked. A stale version answers 409 with what changed, before the review checks
    could answer "already reviewed" (422) for a claim that someone else reviewed first."""
    require_role(actor, *rules.REVIEWERS, action=_("review claims"))
    claim = claim_get(user=actor, pk=claim_id)
    return record_update(
        actor=actor,
        obj=claim,
        changes={},
        expected_version=expected_version,
        action="claim.update",
    )


def _check_may_review(actor: Actor, claim: Claim, *, donor: Party | None) -> None:
    require_role(actor, *rules.REVIEWERS, action=_("review claims"))
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(
            _("Claim %(id)s was already reviewed (%(status)s).")
            % {"id": claim.pk, "status": claim.get_status_display()}
        )
    if not rules.reviews_donor(actor, claim.donor_id):
        raise PermissionDenied(
            _("A liaison of %(own)s may not review claims about %(other)s.")
            % {"own": actor.party, "other": claim.donor}
        )
    if donor is not None and not rules.reviews_donor(actor, donor.pk):
        raise PermissionDenied(
            _("A liaison of %(own)s may assign a claim only to %(own)s, not to %(other)s.")
            % {"own": actor.party, "other": donor}
        )


@transaction.atomic
def claim_update(
    *, actor: Actor, claim_id: int, expected_version: int | None, changes: dict[str, Any]
) -> Claim:
    """Correct what was read; references in `changes` are records (resolved by the page or the API)."""
    claim = _claim_at_version(actor=actor, claim_id=claim_id, expected_version=expected_version)
    unknown = set(changes) - set(rules.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    _check_may_review(actor, claim, donor=changes.get("donor", claim.donor))
    if "currency" in changes:
        changes["currency"] = (changes["currency"] or "").upper()
    if "donor" in changes:
        changes["owner"] = changes["donor"]
    updated = record_update(
        actor=actor,
        obj=claim,
        changes=changes,
        expected_version=expected_version,
        action="claim.update",
    )
    # As stored: an amount given as 12.5 reads back as 12.50, as every reader of the claim sees it.
    updated.refresh_from_db()
    return updated


def _reviewed(
    actor: Actor,
    claim: Claim,
    *,
    status: str,
    pledge: Pledge | None,
    note: str,
    expected_version: int | None,
    action: str,
) -> Claim:
    changes: dict[str, Any] = {
        "status": status,
        "reviewed_by": actor,
        "reviewed_at": timezone.now(),
        "review_note": note,
    }
    if pledge is not None:
        changes["pledge"] = pledge
    return record_update(
        actor=actor, obj=claim, changes=changes, expected_version=expected_version, action=action
    )


@transaction.atomic
def claim_confirm(
    *,
    actor: Actor,
    claim_id: int,
    expected_version: int | None = None,
    allow_duplicate: bool = False,
) -> Reviewed:
    """Turn a claim into a pledge at status "announced"; a likely duplicate must be merged or explicitly kept."""
    claim = _claim_at_version(actor=actor, claim_id=claim_id, expected_version=expected_version)
    _check_may_review(actor, claim, donor=claim.donor)
    if claim.donor is None:
        raise ValidationError(
            {"donor": [_("Name the donor before confirming: the text did not say who pledges.")]}
        )
    if claim.kind == PledgeKind.FUNDS and claim.amount is None:
        raise ValidationError(
            {"amount": [_("A funds pledge needs an amount; enter it or reject the claim.")]}
        )
    if not allow_duplicate:
        candidates = claim_merge_candidates(user=actor, claim=claim)
        if candidates:
            raise ValidationError(
                _(
                    "This claim looks like pledge %(ids)s of the same donor: merge it into that "
                    "pledge, or confirm it as a separate pledge anyway."
                )
                % {"ids": ", ".join(str(p.pk) for p in candidates)}
            )
    recipient = claim.recipient or Party.objects.filter(code="UKR").first()
    if recipient is None:
        raise ValidationError({"recipient": [_("Name the recipient before confirming.")]})
    pledge = pledge_create(
        actor=actor,
        donor=claim.donor,
        recipient=recipient,
        kind=claim.kind,
        item_type=claim.item_type,
        description=(claim.item_text or claim.evidence)[:500],
        quantity=claim.quantity,
        amount=claim.amount,
        currency=claim.currency,
        status=PledgeStatus.ANNOUNCED,
        announced_on=claim_announced(claim),
        mechanism=claim.mechanism,
        notes=provenance(claim),
        # An attestation of its own kind in the aid ledger: ranked after the trackers, never as a coordinator's
        # own entry (engine/ledger/records.py PRECEDENCE).
        dataset_id=_intake_dataset().pk,
    )
    confirmed = _reviewed(
        actor,
        claim,
        status=ClaimStatus.CONFIRMED,
        pledge=pledge,
        note="",
        expected_version=expected_version,
        action="claim.confirm",
    )
    return Reviewed(confirmed, pledge)


@transaction.atomic
def claim_merge(
    *, actor: Actor, claim_id: int, pledge: Pledge, expected_version: int | None = None
) -> Reviewed:
    """Record that the claim reports an existing pledge: the pledge keeps one count and gains the source."""
    claim = _claim_at_version(actor=actor, claim_id=claim_id, expected_version=expected_version)
    _check_may_review(actor, claim, donor=claim.donor or pledge.donor)
    if claim.donor_id is not None and claim.donor_id != pledge.donor_id:
        raise ValidationError(
            {
                "pledge": [
                    _("Pledge %(id)s is by %(donor)s, the claim by %(claim_donor)s.")
                    % {"id": pledge.pk, "donor": pledge.donor, "claim_donor": claim.donor}
                ]
            }
        )
    notes = f"{pledge.notes}\n{provenance(claim)}".strip()
    pledge = pledge_update(
        actor=actor, pledge=pledge, expected_version=None, changes={"notes": notes}
    )
    if claim.donor_id is None:
        claim = record_update(
            actor=actor,
            obj=claim,
            changes={"donor": pledge.donor, "owner": pledge.donor},
            expected_version=expected_version,
            action="claim.update",
        )
        expected_version = claim.version
    merged = _reviewed(
        actor,
        claim,
        status=ClaimStatus.MERGED,
        pledge=pledge,
        note="",
        expected_version=expected_version,
        action="claim.merge",
    )
    return Reviewed(merged, pledge)


@transaction.atomic
def claim_reject(
    *, actor: Actor, claim_id: int, reason: str, expected_version: int | None = None
) -> Claim:
    claim = _claim_at_version(actor=actor, claim_id=claim_id, expected_version=expected_version)
    _check_may_review(actor, claim, donor=None)
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Say why the claim is rejected; the next reader needs to know.")]}
        )
    return _reviewed(
        actor,
        claim,
        status=ClaimStatus.REJECTED,
        pledge=None,
        note=reason.strip(),
        expected_version=expected_version,
        action="claim.reject",
    )


def _intake_dataset() -> Dataset:
    dataset, _created = Dataset.objects.get_or_create(
        key=INTAKE,
        defaults={
            "title": "Pledges read from documents and confirmed by a reviewer",
            "publisher": "nsatu intake",
            "citation": "Each pledge names its document, sentence and reviewer in its notes.",
        },
    )
    return dataset
