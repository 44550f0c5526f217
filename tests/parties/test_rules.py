from __future__ import annotations

import pytest

from nsatu.core.errors import PermissionDenied
from nsatu.parties.rules import (
    check_may_create_party,
    check_may_edit_party,
    may_create_party,
    may_edit_party,
)

pytestmark = pytest.mark.django_db


def test_the_command_alone_registers_and_edits_parties(coordinator, liaison_de, planner):
    assert may_create_party(coordinator) and may_edit_party(coordinator)
    for user in (liaison_de, planner, None):
        assert not may_create_party(user) and not may_edit_party(user)
    with pytest.raises(PermissionDenied, match="may not register parties"):
        check_may_create_party(liaison_de)
    with pytest.raises(PermissionDenied, match="may not edit parties"):
        check_may_edit_party(planner)
