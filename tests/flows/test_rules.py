"""Who may record flows: the command any, a liaison those its own party sends."""

from __future__ import annotations

import pytest

from nsatu.core.errors import PermissionDenied
from nsatu.flows import rules


def test_writers_and_the_liaisons_own_source(people, coordinator, liaison_de, planner, parties):
    assert rules.may_create(coordinator) and rules.may_create(liaison_de)
    assert not rules.may_create(planner) and not rules.may_create(None)
    rules.check_may_record(coordinator, source_id=parties["NOR"].pk)
    rules.check_may_record(liaison_de, source_id=parties["DEU"].pk)
    with pytest.raises(PermissionDenied, match="only flows that its own party sends"):
        rules.check_may_record(liaison_de, source_id=parties["NOR"].pk)
    with pytest.raises(PermissionDenied, match="may not record flows"):
        rules.check_may_record(planner, source_id=parties["UKR"].pk)
