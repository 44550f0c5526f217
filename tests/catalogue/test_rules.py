from __future__ import annotations

import pytest

from nsatu.catalogue.rules import check_may_edit_catalogue, may_edit_catalogue
from nsatu.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def test_the_command_alone_edits_the_catalogue(coordinator, liaison_pl, planner, analyst):
    assert may_edit_catalogue(coordinator)
    assert not any(may_edit_catalogue(u) for u in (liaison_pl, planner, analyst, None))
    check_may_edit_catalogue(coordinator)
    with pytest.raises(PermissionDenied, match=r"Your role \(Donor liaison\) may not edit"):
        check_may_edit_catalogue(liaison_pl)
    with pytest.raises(PermissionDenied, match="You must be logged in"):
        check_may_edit_catalogue(None)
