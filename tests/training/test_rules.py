"""Who writes courses and cohorts: the command any, a liaison its own nation's."""

from __future__ import annotations

import pytest

from nsatu.training import rules

pytestmark = pytest.mark.django_db


def test_a_liaison_writes_only_for_courses_its_own_nation_hosts(
    coordinator, liaison_de, liaison_pl, planner, analyst, parties
):
    deu = parties["DEU"].pk
    assert rules.may_write_for_host(coordinator, deu)
    assert rules.may_write_for_host(liaison_de, deu)
    assert not rules.may_write_for_host(liaison_pl, deu)
    assert not rules.may_write_for_host(planner, deu)
    assert not rules.may_write_for_host(analyst, deu)
    assert not rules.may_write_for_host(None, deu)
