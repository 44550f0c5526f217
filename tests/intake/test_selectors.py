import pytest

from nsatu.core.errors import NotFound
from nsatu.core.models import Releasability
from nsatu.intake.selectors import claim_get, claim_list, claim_queue, document_get, document_list


def _evidence(qs):
    return sorted(c.evidence for c in qs)


def test_a_liaison_queues_its_own_nations_claims_and_the_unassigned(german, liaison_de, liaison_pl):
    assert _evidence(claim_queue(user=liaison_de)) == [
        "$100 million",
        "Patriot system",
        "€500 million",
    ]
    assert _evidence(claim_queue(user=liaison_pl)) == ["$100 million"]
    # Background claims about Poland are in its queue only when asked for every classification.
    assert "$300 million" in _evidence(claim_queue(user=liaison_pl, classification=None))


def test_the_command_queues_every_new_pledge_and_readers_queue_nothing(
    german, coordinator, analyst, planner, auditor
):
    assert _evidence(claim_queue(user=coordinator)) == [
        "$100 million",
        "Patriot system",
        "€500 million",
    ]
    for reader in (analyst, planner, auditor):
        assert list(claim_queue(user=reader)) == []


def test_participants_read_every_claim_of_a_participants_document(
    german, liaison_pl, planner, analyst
):
    document, _ = german
    assert len(claim_list(user=liaison_pl, document=document.pk)) == 5
    assert len(claim_list(user=planner)) == 5
    assert list(claim_list(user=analyst)) == []  # analysts read public records only
    with pytest.raises(NotFound):
        document_get(user=analyst, pk=document.pk)


def test_a_command_only_document_and_its_claims_stay_with_the_command(
    ingest, coordinator, liaison_de
):
    stored = ingest(coordinator, releasability=Releasability.COMMAND)
    assert [d.pk for d in document_list(user=coordinator)] == [stored.document.pk]
    assert list(document_list(user=liaison_de)) == []
    assert list(claim_list(user=liaison_de)) == []
    with pytest.raises(NotFound):
        claim_get(user=liaison_de, pk=stored.claims[0].pk)


def test_document_list_counts_claims(german, coordinator):
    [row] = document_list(user=coordinator)
    assert (row.claim_count, row.new_count, row.pending_count) == (5, 3, 3)
