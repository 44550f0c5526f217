"""A donor's lines kept in the cache: each reader's own entry, never stale (a write makes the next read
reflect it), and never handed to a reader who sees something else."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.aid.selectors import aid_ledger_get
from nsatu.aid.services import link_decision_split
from nsatu.aid.summaries import DonorLines, donor_lines_get, donor_lines_key
from nsatu.audit.services import record_share
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_update


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _seen(lines: DonorLines) -> set[int]:
    return {a.pledge_id for line, _ in lines.rows for a in line.attestations}


def _read(user) -> DonorLines:
    return donor_lines_get(user=user, donor="NOR", first=100)


def test_norway_and_poland_get_different_entries_and_poland_never_norways_restricted_pledges(
    aid_world, liaison_no, liaison_pl
):
    w = aid_world
    norwegian = _read(liaison_no)  # computed first, and kept
    polish = _read(liaison_pl)
    key_no = donor_lines_key(user=liaison_no, donor="NOR", first=100)
    key_pl = donor_lines_key(user=liaison_pl, donor="NOR", first=100)
    assert key_no != key_pl
    assert cache.get(key_no) == norwegian and cache.get(key_pl) == polish
    restricted = {w.entered_leopard.pk, w.secret_m777.pk}
    assert restricted <= _seen(norwegian)
    assert not restricted & _seen(polish)
    assert f"L{w.secret_m777.pk}" not in {line.id for line, _ in polish.rows}
    # Norway's liaison counts his own M777 and his entry: 8 Leopards (one donation) + 6 M777.
    assert (norwegian.total, norwegian.attestations, norwegian.in_kind_committed) == (2, 5, 14)
    assert (polish.total, polish.attestations, polish.in_kind_committed) == (1, 3, 8)
    # Read again, each gets his own entry back, not the other's.
    assert _read(liaison_pl) == polish and _read(liaison_no) == norwegian


def test_two_readers_of_one_party_and_role_do_not_share_an_entry(aid_world, liaison_no, people):
    other = people["liaison.no.hansen"].__class__.objects.create_user(
        username="liaison.no.berg", password="x", role=liaison_no.role, party=liaison_no.party
    )
    assert donor_lines_key(user=liaison_no, donor="NOR", first=100) != donor_lines_key(
        user=other, donor="NOR", first=100
    )


def test_the_lines_are_the_aid_ledgers_and_a_warm_read_matches_nothing(aid_world, liaison_no):
    cold = _read(liaison_no)
    ledger = [line for line in aid_ledger_get(user=liaison_no, donor="NOR").lines]
    assert sorted(line.id for line, _ in cold.rows) == sorted(line.id for line in ledger)
    assert {line.id: line for line, _ in cold.rows} == {line.id: line for line in ledger}
    with CaptureQueriesContext(connection) as warm:
        assert _read(liaison_no) == cold
    # Only the stamps are read: no pledge row is (the donor's pledges are counted, not fetched).
    assert not any("pledges_pledge" in q["sql"] and "SUM" not in q["sql"] for q in warm)


def test_a_write_through_a_service_makes_the_next_read_reflect_it(
    aid_world, liaison_no, liaison_pl, coordinator, parties
):
    w = aid_world
    before = _read(liaison_no)
    polish_before = _read(liaison_pl)
    # Norway's liaison changes his own restricted figure: his next read has it, Poland's still not.
    pledge_update(
        actor=liaison_no,
        pledge=Pledge.objects.get(pk=w.secret_m777.pk),
        expected_version=None,
        changes={"quantity": 9},
    )
    after = _read(liaison_no)
    assert after.in_kind_committed == before.in_kind_committed + 3
    assert _read(liaison_pl) == polish_before
    # Norway releases the M777 to Poland: Poland's next read has that line.
    record_share(
        actor=liaison_no, obj=Pledge.objects.get(pk=w.secret_m777.pk), party=parties["POL"]
    )
    shared = _read(liaison_pl)
    assert w.secret_m777.pk in _seen(shared) and shared.in_kind_committed == 8 + 9
    # A coordinator splits Oryx's record from the line: every reader's next read shows two lines.
    link_decision_split(actor=coordinator, first_id=w.kiel_leopard.pk, second_id=w.oryx_leopard.pk)
    split = _read(liaison_pl)
    assert split.total == shared.total + 1
    # A release made public is visible to Poland too, without any other change.
    pledge_update(
        actor=liaison_no,
        pledge=Pledge.objects.get(pk=w.entered_leopard.pk),
        expected_version=None,
        changes={"releasability": Releasability.PUBLIC},
    )
    assert w.entered_leopard.pk in _seen(_read(liaison_pl))


def test_a_download_reads_every_line_and_keeps_nothing(aid_world, liaison_no):
    every = donor_lines_get(user=liaison_no, donor="NOR")
    assert len(every.rows) == every.total == 2
    assert donor_lines_get(user=liaison_no, donor="NOR", first=1).rows == every.rows[:1]


def test_a_tranche_moved_between_dates_or_pledges_changes_the_coverage_key(aid_world, liaison_no):
    """Tranches keep no version: their stamp must still move when one date moves inside the range of the
    others, or two tranches swap pledges (a plain sum or min/max would not)."""
    import datetime as dt

    from nsatu.coverage.selectors import coverage_key
    from nsatu.pledges.models import Tranche

    pledges = list(Pledge.objects.order_by("pk")[:2])
    first = Tranche.objects.create(
        pledge=pledges[0], available_from=dt.date(2027, 1, 1), quantity=2
    )
    second = Tranche.objects.create(
        pledge=pledges[1], available_from=dt.date(2027, 3, 1), quantity=2
    )
    Tranche.objects.create(pledge=pledges[0], available_from=dt.date(2027, 6, 1), quantity=2)
    before = coverage_key(user=liaison_no, as_of=dt.date(2026, 12, 7))
    Tranche.objects.filter(pk=second.pk).update(available_from=dt.date(2027, 4, 1))
    moved = coverage_key(user=liaison_no, as_of=dt.date(2026, 12, 7))
    assert moved != before
    Tranche.objects.filter(pk=first.pk).update(pledge=pledges[1])
    Tranche.objects.filter(pk=second.pk).update(pledge=pledges[0])
    assert coverage_key(user=liaison_no, as_of=dt.date(2026, 12, 7)) != moved
