"""A donor's lines kept in the cache: one entry per visibility class (role and party), never stale (a write
makes the next read reflect it), and never handed to a reader of another class."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.accounts.models import User
from nsatu.aid.selectors import aid_ledger_get
from nsatu.aid.services import link_decision_split
from nsatu.aid.summaries import DonorLines, donor_lines_get, donor_lines_key
from nsatu.audit.services import record_share
from nsatu.core.actors import Role
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


def _user(username: str, *, role: str, party, active: bool = True):
    user = User.objects.create_user(username=username, password="x", role=role, party=party)
    if not active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


def test_two_readers_of_one_party_and_role_share_one_entry_and_the_second_computes_nothing(
    aid_world, liaison_no
):
    other = _user("liaison.no.berg", role=liaison_no.role, party=liaison_no.party)
    assert donor_lines_key(user=liaison_no, donor="NOR", first=100) == donor_lines_key(
        user=other, donor="NOR", first=100
    )
    first = _read(liaison_no)
    with CaptureQueriesContext(connection) as stamps:
        donor_lines_key(user=other, donor="NOR", first=100)
    with CaptureQueriesContext(connection) as second:
        assert _read(other) == first
    # The second reader's view reads the change stamps and nothing else: no pledge, no item type name.
    assert len(second) == len(stamps)
    assert [q["sql"] for q in second] == [q["sql"] for q in stamps]


def test_a_reader_of_another_party_role_or_a_deactivated_one_never_gets_the_entry(
    aid_world, liaison_no, parties
):
    w = aid_world
    norwegian = _read(liaison_no)
    restricted = {w.entered_leopard.pk, w.secret_m777.pk}
    assert restricted <= _seen(norwegian)
    readers = {
        "another party": _user("liaison.pl.kowal", role=Role.DONOR_LIAISON, party=parties["POL"]),
        "another role": _user("analyst.no.dahl", role=Role.ANALYST, party=parties["NOR"]),
        "deactivated": _user(
            "liaison.no.gone", role=Role.DONOR_LIAISON, party=parties["NOR"], active=False
        ),
    }
    key = donor_lines_key(user=liaison_no, donor="NOR", first=100)
    for why, reader in readers.items():
        assert donor_lines_key(user=reader, donor="NOR", first=100) != key, why
        assert not restricted & _seen(_read(reader)), why
    # The deactivated liaison reads what the public reads: the public's entry, not Norway's.
    assert donor_lines_key(user=readers["deactivated"], donor="NOR", first=100) == (
        donor_lines_key(user=None, donor="NOR", first=100)
    )


@dataclass(frozen=True)
class _ClassOnly:
    """A reader with nothing but what decides what he sees: any read of the user himself (his id, his name,
    his party's record) fails."""

    role: str
    party_id: int | None
    is_authenticated: bool = True
    is_active: bool = True

    def __getattr__(self, name: str):
        raise AssertionError(f"the donor's lines read the reader's {name}")


@pytest.mark.parametrize("username", ["liaison.no.hansen", "liaison.pl.nowak", "coord.ribeiro"])
def test_the_lines_read_nothing_of_the_reader_beyond_his_visibility_class(
    aid_world, people, username
):
    user = people[username]
    as_class = _ClassOnly(role=user.role, party_id=user.party_id)
    assert donor_lines_get(user=as_class, donor="NOR") == donor_lines_get(user=user, donor="NOR")


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
