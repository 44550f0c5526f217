"""Coordinators keep the membership of coalitions: each change checked, audited, and refused on a stale page."""

from __future__ import annotations

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.parties.models import Coalition, CoalitionMember
from nsatu.parties.services import coalition_lead_set, coalition_member_add, coalition_member_remove


@pytest.fixture
def drones(parties) -> Coalition:
    coalition = Coalition.objects.create(
        name="Drone Coalition", capability_area="drones", releasability=Releasability.PUBLIC
    )
    CoalitionMember.objects.create(coalition=coalition, party=parties["POL"], lead=True)
    return coalition


def test_add_make_lead_and_remove(drones, parties, coordinator):
    row = coalition_member_add(
        actor=coordinator,
        coalition=drones,
        party=parties["NOR"],
        source_url="https://example.org/nor-joins",
        expected_version=drones.version,
    )
    assert (row.lead, row.source_url) == (False, "https://example.org/nor-joins")
    coalition_lead_set(actor=coordinator, coalition=drones, party=parties["NOR"], lead=True)
    assert list(drones.leads.order_by("code").values_list("code", flat=True)) == ["NOR", "POL"]
    coalition_member_remove(actor=coordinator, coalition=drones, party=parties["POL"])
    assert list(drones.members.values_list("code", flat=True)) == ["NOR"]
    events = AuditEvent.objects.filter(action__startswith="coalition.member").order_by("id")
    assert [(e.action, e.actor_label) for e in events] == [
        ("coalition.member.add", coordinator.username),
        ("coalition.member.lead", coordinator.username),
        ("coalition.member.remove", coordinator.username),
    ]
    assert events[1].before["lead"] is False and events[1].after["lead"] is True
    assert events[2].before["party_id"] == parties["POL"].pk and events[2].after is None


def test_setting_what_is_already_set_writes_nothing(drones, parties, coordinator):
    coalition_lead_set(actor=coordinator, coalition=drones, party=parties["POL"], lead=True)
    assert not AuditEvent.objects.filter(action="coalition.member.lead").exists()


def test_refusals(drones, parties, coordinator, liaison_pl):
    with pytest.raises(PermissionDenied, match="edit the membership of coalitions"):
        coalition_member_add(actor=liaison_pl, coalition=drones, party=parties["DEU"])
    with pytest.raises(ValidationError, match="already a member"):
        coalition_member_add(actor=coordinator, coalition=drones, party=parties["POL"])
    with pytest.raises(ValidationError, match="not a member"):
        coalition_member_remove(actor=coordinator, coalition=drones, party=parties["DEU"])
    with pytest.raises(ConflictError):
        coalition_member_add(
            actor=coordinator, coalition=drones, party=parties["DEU"], expected_version=7
        )
    assert list(drones.members.values_list("code", flat=True)) == ["POL"]
    assert not AuditEvent.objects.filter(action__startswith="coalition.member").exists()
