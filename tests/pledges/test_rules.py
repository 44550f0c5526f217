"""Who may write which pledges: the same answers for the pages, the API and the services."""

from __future__ import annotations

import pytest

from nsatu.core.errors import PermissionDenied
from nsatu.pledges import rules
from nsatu.pledges.models import PledgeStatus


def test_the_command_writes_any_pledge_a_liaison_only_its_own(
    web_data, coordinator, liaison_de, liaison_pl, planner, parties
):
    deu = parties["DEU"].pk
    assert rules.may_write(coordinator, donor_id=deu)
    assert rules.may_write(liaison_de, donor_id=deu)
    assert not rules.may_write(liaison_pl, donor_id=deu)
    assert not rules.may_write(planner, donor_id=deu)
    assert not rules.may_write(None, donor_id=deu)
    with pytest.raises(PermissionDenied, match="A liaison of Poland may not write pledges of"):
        rules.check_may_write(liaison_pl, parties["DEU"])
    with pytest.raises(PermissionDenied, match=r"Your role \(Recipient planner\) may not record"):
        rules.check_may_write(planner, parties["DEU"])


def test_only_the_owner_is_offered_the_releasability(web_data, coordinator, liaison_de):
    pledge = web_data.german_pledge
    assert "releasability" in rules.editable_fields(liaison_de, pledge)
    assert "releasability" not in rules.editable_fields(coordinator, pledge)
    # An imported pledge keeps the source's figures: only the earmark and notes are editable.
    assert rules.editable_fields(coordinator, web_data.norwegian_pledge) == ("requirement", "notes")


def test_status_moves_climb_one_step_or_withdraw(web_data, coordinator, liaison_pl):
    assert rules.status_moves(coordinator, web_data.german_pledge) == [
        PledgeStatus.ALLOCATED,
        PledgeStatus.WITHDRAWN,
    ]
    assert rules.status_moves(coordinator, web_data.norwegian_pledge) == []  # delivered
    assert rules.status_moves(liaison_pl, web_data.german_pledge) == []  # not its pledge


def test_a_withdrawn_pledge_takes_no_tranche(web_data, coordinator):
    pledge = web_data.german_pledge
    assert rules.may_add_tranche(coordinator, pledge)
    pledge.status = PledgeStatus.WITHDRAWN
    assert not rules.may_add_tranche(coordinator, pledge)
