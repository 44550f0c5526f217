"""Counts next to a visible record count only what the reader may see (found by the need-to-know property test)."""

from __future__ import annotations

from nsatu.core.models import Releasability
from nsatu.intake.models import Claim, SourceDocument
from nsatu.intake.selectors import document_list
from tests.security.record_maker import make


def test_document_claim_counts_leave_out_hidden_claims(
    parties, people, auditor, coordinator, liaison_pl
):
    document = make(
        SourceDocument,
        marker="public article",
        releasability=Releasability.PUBLIC,
        owner=parties["NSATU"],
        party=parties["NSATU"],
    )
    make(
        Claim,
        marker="command claim",
        releasability=Releasability.COMMAND,
        owner=parties["NSATU"],
        party=parties["NSATU"],
        deps={"document": document},
    )
    assert Claim.objects.filter(document=document).count() == 1

    def claims_seen(user) -> int:
        return document_list(user=user).get(pk=document.pk).claim_count

    assert claims_seen(coordinator) == 1
    assert claims_seen(auditor) == 0 and claims_seen(liaison_pl) == 0
