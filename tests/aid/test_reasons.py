"""The matcher's reasons: the catalogue marked for translation is the engine's, sentence for sentence."""

from __future__ import annotations

from django.utils import translation

from nsatu.aid.reasons import REASONS, reason_texts
from nsatu.engine import ledger
from nsatu.engine.ledger import Attestation, match_score


def test_the_translated_catalogue_is_the_engines():
    assert set(REASONS) == set(ledger.REASONS)
    with translation.override("en"):
        assert {k: str(v) for k, v in REASONS.items()} == ledger.REASONS


def test_a_matchs_reasons_read_the_same_as_the_engine_wrote_them():
    a = Attestation(1, "sipri", "CAN", "UKR", "in_kind", 41, quantity=253, year=2023)
    b = Attestation(2, "oryx", "CAN", "UKR", "in_kind", 41, quantity=287)
    match = match_score(a, b)
    assert match is not None
    with translation.override("en"):
        assert reason_texts(match) == list(match.reasons)
    assert "Quantities within 25 % (253 and 287): registers counting at different times." in (
        match.reasons
    )
