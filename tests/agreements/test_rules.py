"""Who may link records to agreements, register agreements and keep fund ledgers."""

from __future__ import annotations

import pytest

from nsatu.agreements import rules

pytestmark = pytest.mark.django_db


def test_a_liaison_links_to_its_own_nations_agreements_and_records_only(
    scene, coordinator, liaison_de, liaison_pl, planner, parties
):
    agreement_de = scene.de
    assert rules.may_link(coordinator, agreement_de)
    assert rules.may_link(liaison_de, agreement_de)
    assert not rules.may_link(liaison_pl, agreement_de)
    assert not rules.may_link(planner, agreement_de)
    assert rules.may_link_record_of(liaison_de, parties["DEU"].pk)
    assert not rules.may_link_record_of(liaison_de, parties["POL"].pk)
    assert rules.may_link_record_of(coordinator, parties["POL"].pk)


def test_only_the_command_registers_agreements_and_keeps_ledgers(coordinator, liaison_de):
    assert rules.may_register_agreements(coordinator) and rules.may_keep_ledgers(coordinator)
    assert not rules.may_register_agreements(liaison_de)
    assert not rules.may_keep_ledgers(liaison_de)
    assert not rules.may_keep_ledgers(None)
