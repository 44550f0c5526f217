"""Who may store documents and review claims, as the pages ask it; the services' refusals are in test_services."""

from __future__ import annotations

from nsatu.intake import rules
from nsatu.intake.models import Claim, ClaimStatus


def test_every_role_but_the_auditor_stores_documents(
    coordinator, liaison_de, planner, analyst, auditor
):
    assert [rules.may_ingest(u) for u in (coordinator, liaison_de, planner, analyst, auditor)] == [
        True,
        True,
        True,
        True,
        False,
    ]


def test_a_liaison_reviews_its_nations_and_unassigned_pending_claims(
    coordinator, liaison_de, liaison_pl, planner, parties
):
    german = Claim(donor_id=parties["DEU"].pk, status=ClaimStatus.PENDING)
    unassigned = Claim(donor_id=None, status=ClaimStatus.PENDING)
    assert rules.may_review(liaison_de, german) and rules.may_review(coordinator, german)
    assert not rules.may_review(liaison_pl, german) and rules.may_review(liaison_pl, unassigned)
    assert not rules.may_review(planner, unassigned) and not rules.may_review_claims(planner)
    german.status = ClaimStatus.REJECTED
    assert not rules.may_review(coordinator, german)
