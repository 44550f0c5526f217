"""Who may decide on the ledger: the command's coordinators only; the admin only reads."""

from __future__ import annotations

import pytest
from django.contrib import admin

from nsatu.aid import rules
from nsatu.aid.models import LinkDecision
from nsatu.core.errors import PermissionDenied


def test_only_a_coordinator_may_decide(coordinator, liaison_no, planner, analyst, auditor):
    assert rules.may_decide(coordinator)
    rules.check_may_decide(coordinator)
    for user in (liaison_no, planner, analyst, auditor, None):
        assert not rules.may_decide(user)
        with pytest.raises(PermissionDenied):
            rules.check_may_decide(user)


def test_the_admin_of_decisions_is_read_only(rf, coordinator):
    model_admin = admin.site._registry[LinkDecision]
    request = rf.get("/admin/")
    request.user = coordinator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
