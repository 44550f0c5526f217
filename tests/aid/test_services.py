"""A coordinator's decisions: audited, idempotent, reversible; refused to other roles and on hidden records."""

from __future__ import annotations

import pytest

from nsatu.aid.models import LinkDecision
from nsatu.aid.selectors import aid_ledger_get
from nsatu.aid.services import link_decision_confirm, link_decision_split, link_decision_withdraw
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import NotFound, PermissionDenied, ValidationError


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_confirm_is_audited_and_the_same_verdict_again_changes_nothing(aid_world, coordinator):
    w = aid_world
    decided = link_decision_confirm(
        actor=coordinator, first_id=w.oryx_aim7.pk, second_id=w.sipri_aim7.pk, reason="same order"
    )
    d = decided.decision
    assert decided.changed and (d.first_id, d.second_id) == (w.sipri_aim7.pk, w.oryx_aim7.pk)
    assert (d.verdict, d.reason, d.decided_by_id) == ("confirm", "same order", coordinator.pk)
    event = AuditEvent.objects.get(action="aid.link_decision.confirm")
    assert event.object_id == str(d.pk) and event.actor_id == coordinator.pk
    again = link_decision_confirm(
        actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.oryx_aim7.pk
    )
    assert not again.changed and again.decision.pk == d.pk
    assert LinkDecision.objects.count() == 1 and _events("aid.link_decision.confirm") == 1


def test_split_replaces_a_confirmation_and_withdrawal_gives_the_pair_back_to_the_matcher(
    aid_world, coordinator
):
    w = aid_world
    first = link_decision_confirm(
        actor=coordinator, first_id=w.kiel_leopard.pk, second_id=w.oryx_leopard.pk
    ).decision
    split = link_decision_split(
        actor=coordinator, first_id=w.kiel_leopard.pk, second_id=w.oryx_leopard.pk
    ).decision
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.withdrawn_by_id == coordinator.pk
    assert _events("aid.link_decision.withdraw") == 1 and _events("aid.link_decision.split") == 1
    ledger = aid_ledger_get(user=coordinator)
    assert ledger.line_of(w.kiel_leopard.pk).id != ledger.line_of(w.oryx_leopard.pk).id

    withdrawn = link_decision_withdraw(actor=coordinator, decision_id=split.pk)
    assert withdrawn.changed and _events("aid.link_decision.withdraw") == 2
    assert not link_decision_withdraw(actor=coordinator, decision_id=split.pk).changed
    assert _events("aid.link_decision.withdraw") == 2
    ledger = aid_ledger_get(user=coordinator)
    assert ledger.line_of(w.kiel_leopard.pk).id == ledger.line_of(w.oryx_leopard.pk).id


@pytest.mark.parametrize("who", ["liaison_no", "planner", "analyst", "auditor"])
def test_only_a_coordinator_decides(aid_world, request, who):
    user = request.getfixturevalue(who)
    w = aid_world
    with pytest.raises(PermissionDenied):
        link_decision_confirm(actor=user, first_id=w.sipri_aim7.pk, second_id=w.oryx_aim7.pk)
    with pytest.raises(PermissionDenied):
        link_decision_split(actor=user, first_id=w.sipri_aim7.pk, second_id=w.oryx_aim7.pk)
    assert LinkDecision.objects.count() == 0 and _events("aid.link_decision.confirm") == 0


def test_a_withdrawal_by_another_role_is_refused(aid_world, coordinator, liaison_no):
    w = aid_world
    decision = link_decision_split(
        actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.oryx_aim7.pk
    ).decision
    with pytest.raises(PermissionDenied):
        link_decision_withdraw(actor=liaison_no, decision_id=decision.pk)
    decision.refresh_from_db()
    assert decision.withdrawn_at is None


def test_a_record_the_coordinator_cannot_see_is_not_found(aid_world, coordinator):
    # Norway's entry is owner only: the command does not see it, so cannot link it either.
    with pytest.raises(NotFound):
        link_decision_confirm(
            actor=coordinator,
            first_id=aid_world.kiel_leopard.pk,
            second_id=aid_world.entered_leopard.pk,
        )
    with pytest.raises(NotFound):
        link_decision_withdraw(actor=coordinator, decision_id=999)


def test_one_record_twice_or_two_donors_are_refused_with_the_field(aid_world, coordinator):
    w = aid_world
    with pytest.raises(ValidationError) as same:
        link_decision_confirm(
            actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.sipri_aim7.pk
        )
    assert "second" in same.value.message_dict
    with pytest.raises(ValidationError) as donors:
        link_decision_confirm(
            actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.kiel_leopard.pk
        )
    assert "differ in donor" in donors.value.message_dict["second"][0]
    # Splitting records that never could be one donation is harmless and allowed.
    assert link_decision_split(
        actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.kiel_leopard.pk
    ).changed


def test_a_decision_the_ledger_would_ignore_is_refused_not_recorded(aid_world, coordinator):
    from nsatu.pledges.models import PledgeStatus

    w = aid_world
    w.oryx_aim7.status = PledgeStatus.WITHDRAWN
    w.oryx_aim7.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="withdrawn"):
        link_decision_confirm(actor=coordinator, first_id=w.sipri_aim7.pk, second_id=w.oryx_aim7.pk)
    assert LinkDecision.objects.count() == 0 and _events("aid.link_decision.confirm") == 0
