import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.intake.models import Claim, ClaimStatus, Classification, SourceDocument
from nsatu.intake.services import claim_confirm, claim_merge, claim_reject, claim_update
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from tests.engine.intake.corpus import make_pdf


def _write(action):
    with transaction.atomic():
        return action()


def test_a_document_is_stored_with_claims_that_point_at_their_words(german):
    document, claims = german
    assert document.title == "Germany pledges new air defence for Ukraine"
    assert document.published_on == dt.date(2024, 6, 4)
    assert len(document.sha256) == 64 and document.kind == "text"
    assert set(claims) == {
        "Patriot system",
        "€500 million",
        "€7 billion",
        "$300 million",
        "$100 million",
    }
    for claim in claims.values():
        assert document.text[claim.start : claim.end] == claim.sentence
        assert document.text[claim.evidence_start : claim.evidence_end] == claim.evidence
        assert (
            claim.releasability == Releasability.PARTICIPANTS
            and claim.status == ClaimStatus.PENDING
        )
    funds = claims["€500 million"]
    assert (funds.donor.code, funds.owner.code, funds.amount, funds.currency, funds.mechanism) == (
        "DEU",
        "DEU",
        Decimal(500_000_000),
        "EUR",
        "EPF",
    )
    assert funds.classification == Classification.NEW_PLEDGE
    assert claims["Patriot system"].item_type.name == "Patriot (MIM-104)"
    assert claims["$300 million"].classification == Classification.BACKGROUND
    assert "May" in claims["$300 million"].reason
    assert claims["€7 billion"].reason_code == "cumulative"
    unassigned = claims["$100 million"]
    assert unassigned.donor is None and unassigned.owner is None
    # "Another partner" is not Germany, the party the statement is about: the claim stays unassigned.
    assert (unassigned.classification, unassigned.donor_text) == (
        Classification.NEW_PLEDGE,
        "Another partner",
    )
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(document.pk), object_type="intake.sourcedocument"
        ).values_list("action", flat=True)
    )
    assert actions == ["document.create", "document.extract"]
    assert "text" not in AuditEvent.objects.get(action="document.create").after


def test_the_same_bytes_are_stored_once(german, ingest, liaison_de):
    with pytest.raises(ValidationError, match="already stored as document"):
        ingest(liaison_de)
    assert SourceDocument.objects.count() == 1 and Claim.objects.count() == 5


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "is empty"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" * 10, "article.txt", "not text"),
        (b"PK\x03\x04 a word document", "statement.docx", "are not read"),
        ("Germany will send 40 tanks to Ukraine. " * 40, "long.txt", "the limit is"),
        (b"%PDF-1.4\nnot a real pdf\n%%EOF", "broken.pdf", "could not be read as a PDF"),
    ],
)
@override_settings(NSATU_MAX_UPLOAD_BYTES=1000)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    ingest, coordinator, data, name, message
):
    with pytest.raises(ValidationError, match=message) as caught:
        ingest(coordinator, data, name)
    assert list(caught.value.message_dict) == ["file"]
    assert name in caught.value.message_dict["file"][0]
    assert (
        SourceDocument.objects.count() == Claim.objects.count() == AuditEvent.objects.count() == 0
    )


def test_a_pdf_is_read(ingest, coordinator):
    data = make_pdf(
        ["Norway will send 10 NASAMS launchers to Ukraine, the government said on Monday."]
    )
    stored = ingest(coordinator, data, "norway.pdf", published_on=dt.date(2024, 2, 12))
    [claim] = stored.claims
    assert stored.document.kind == "pdf"
    assert (claim.donor.code, claim.quantity, claim.item_type.name) == ("NOR", 10, "NASAMS")
    assert claim.date_announced == dt.date(2024, 2, 12)


def test_roles_that_may_not_store_and_releasabilities_they_could_not_read(ingest, auditor, analyst):
    with pytest.raises(PermissionDenied):
        ingest(auditor)
    with pytest.raises(ValidationError, match="would not be readable"):
        ingest(analyst)  # participants: an analyst reads public records only
    stored = ingest(analyst, releasability=Releasability.PUBLIC)
    assert stored.document.uploaded_by == analyst and len(stored.claims) == 5


def test_the_liaison_confirms_its_nations_claim_as_an_announced_pledge(german, liaison_de):
    document, claims = german
    claim = claims["€500 million"]
    pledge = _write(
        lambda: claim_confirm(actor=liaison_de, claim_id=claim.pk, expected_version=claim.version)
    ).pledge
    assert (pledge.status, pledge.donor.code, pledge.recipient.code, pledge.kind) == (
        PledgeStatus.ANNOUNCED,
        "DEU",
        "UKR",
        PledgeKind.FUNDS,
    )
    assert (pledge.amount, pledge.currency, pledge.mechanism, pledge.announced_on) == (
        Decimal(500_000_000),
        "EUR",
        "EPF",
        dt.date(2024, 6, 4),
    )
    assert claim.sentence in pledge.notes and f"document {document.pk}" in pledge.notes
    assert f"characters {claim.start}\u2013{claim.end}" in pledge.notes
    claim.refresh_from_db()
    assert (claim.status, claim.pledge, claim.reviewed_by, claim.version) == (
        ClaimStatus.CONFIRMED,
        pledge,
        liaison_de,
        2,
    )
    assert AuditEvent.objects.filter(action="claim.confirm", object_id=str(claim.pk)).count() == 1
    assert AuditEvent.objects.filter(action="pledge.create", object_id=str(pledge.pk)).count() == 1
    with pytest.raises(ValidationError, match="already reviewed"):
        claim_confirm(actor=liaison_de, claim_id=claim.pk)


def test_an_in_kind_claim_becomes_an_in_kind_pledge_of_its_item(german, coordinator, catalogue):
    _, claims = german
    pledge = _write(
        lambda: claim_confirm(actor=coordinator, claim_id=claims["Patriot system"].pk)
    ).pledge
    assert (pledge.kind, pledge.item_type, pledge.quantity) == (
        PledgeKind.IN_KIND,
        catalogue["Patriot (MIM-104)"],
        None,
    )


def test_another_nations_liaison_may_not_review(german, liaison_pl):
    _, claims = german
    claim = claims["€500 million"]
    with pytest.raises(PermissionDenied, match="may not review claims about Germany"):
        claim_confirm(actor=liaison_pl, claim_id=claim.pk)
    with pytest.raises(PermissionDenied):
        claim_reject(actor=liaison_pl, claim_id=claim.pk, reason="not ours")
    assert Pledge.objects.count() == 0
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_a_liaison_may_take_an_unassigned_claim_for_its_own_nation_only(
    german, liaison_pl, donors, planner
):
    _, claims = german
    claim = claims["$100 million"]
    with pytest.raises(ValidationError, match="Name the donor"):
        claim_confirm(actor=liaison_pl, claim_id=claim.pk)
    with pytest.raises(PermissionDenied, match="only to Poland"):
        claim_update(
            actor=liaison_pl,
            claim_id=claim.pk,
            expected_version=1,
            changes={"donor": donors["DEU"]},
        )
    with pytest.raises(PermissionDenied):
        claim_update(
            actor=planner, claim_id=claim.pk, expected_version=1, changes={"donor": donors["UKR"]}
        )
    claim = _write(
        lambda: claim_update(
            actor=liaison_pl,
            claim_id=claim.pk,
            expected_version=1,
            changes={"donor": donors["POL"], "mechanism": "PURL"},
        )
    )
    assert (claim.donor.code, claim.owner.code, claim.version) == ("POL", "POL", 2)
    pledge = _write(
        lambda: claim_confirm(actor=liaison_pl, claim_id=claim.pk, expected_version=2)
    ).pledge
    assert (pledge.donor.code, pledge.amount, pledge.mechanism) == (
        "POL",
        Decimal(100_000_000),
        "PURL",
    )


def test_a_claim_like_an_existing_pledge_is_merged_not_counted_twice(german, coordinator, donors):
    _, claims = german
    claim = claims["€500 million"]
    existing = Pledge.objects.create(
        donor=donors["DEU"],
        recipient=donors["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(500_000_000),
        currency="EUR",
        announced_on=dt.date(2024, 5, 20),
        owner=donors["DEU"],
        notes="Ramstein meeting",
    )
    with pytest.raises(ValidationError, match=f"looks like pledge {existing.pk}"):
        claim_confirm(actor=coordinator, claim_id=claim.pk)
    merged = _write(
        lambda: claim_merge(
            actor=coordinator, claim_id=claim.pk, pledge=existing, expected_version=1
        )
    ).pledge
    assert merged.pk == existing.pk and Pledge.objects.count() == 1
    assert merged.notes.startswith("Ramstein meeting\n") and claim.sentence in merged.notes
    claim.refresh_from_db()
    assert (claim.status, claim.pledge_id) == (ClaimStatus.MERGED, existing.pk)
    assert AuditEvent.objects.filter(action="claim.merge").count() == 1


def test_outside_the_31_days_or_with_another_amount_it_is_a_new_pledge(german, coordinator, donors):
    _, claims = german
    Pledge.objects.create(
        donor=donors["DEU"],
        recipient=donors["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(500_000_000),
        currency="EUR",
        announced_on=dt.date(2024, 4, 1),
        owner=donors["DEU"],
    )
    Pledge.objects.create(
        donor=donors["DEU"],
        recipient=donors["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(400_000_000),
        currency="EUR",
        announced_on=dt.date(2024, 6, 1),
        owner=donors["DEU"],
    )
    _write(lambda: claim_confirm(actor=coordinator, claim_id=claims["€500 million"].pk))
    assert Pledge.objects.count() == 3


def test_a_likely_duplicate_may_still_be_kept_on_purpose(german, coordinator, donors):
    _, claims = german
    Pledge.objects.create(
        donor=donors["DEU"],
        recipient=donors["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(500_000_000),
        currency="EUR",
        announced_on=dt.date(2024, 6, 1),
        owner=donors["DEU"],
    )
    _write(
        lambda: claim_confirm(
            actor=coordinator, claim_id=claims["€500 million"].pk, allow_duplicate=True
        )
    )
    assert Pledge.objects.count() == 2


def test_reject_needs_a_reason_and_ends_the_review(german, liaison_de):
    _, claims = german
    claim = claims["Patriot system"]
    with pytest.raises(ValidationError, match="Say why"):
        claim_reject(actor=liaison_de, claim_id=claim.pk, reason="  ")
    claim = _write(
        lambda: claim_reject(
            actor=liaison_de,
            claim_id=claim.pk,
            reason="the third system is not decided",
            expected_version=1,
        )
    )
    assert (claim.status, claim.review_note, claim.pledge) == (
        ClaimStatus.REJECTED,
        "the third system is not decided",
        None,
    )
    with pytest.raises(ValidationError, match="already reviewed"):
        claim_confirm(actor=liaison_de, claim_id=claim.pk)


def test_a_decision_on_a_stale_version_is_refused(german, coordinator, liaison_de, donors):
    _, claims = german
    claim = claims["€500 million"]
    _write(
        lambda: claim_update(
            actor=coordinator,
            claim_id=claim.pk,
            expected_version=1,
            changes={"amount": Decimal(450_000_000)},
        )
    )
    with pytest.raises(ConflictError, match="changed by someone else"):
        _write(lambda: claim_confirm(actor=liaison_de, claim_id=claim.pk, expected_version=1))
    assert Pledge.objects.count() == 0
