import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.parties.services import party_create, party_update


def test_coordinator_registers_and_renames_a_party(coordinator):
    party = party_create(actor=coordinator, code="est", name="Estonia")
    assert party.code == "EST" and party.releasability == "public"
    party = party_update(
        actor=coordinator, party=party, expected_version=1, changes={"name": "Republic of Estonia"}
    )
    assert party.version == 2
    assert list(
        AuditEvent.objects.filter(object_id=str(party.pk), object_type="parties.party").values_list(
            "action", flat=True
        )
    ) == ["party.create", "party.update"]


@pytest.mark.parametrize("who", ["liaison_de", "planner", "analyst"])
def test_only_the_coordinator_registers_parties(request, parties, who):
    with pytest.raises(PermissionDenied):
        party_create(actor=request.getfixturevalue(who), code="EST", name="Estonia")


@pytest.mark.parametrize(("code", "message"), [("XXX", "ISO 3166"), ("DEU", "already exists")])
def test_bad_or_duplicate_codes_are_refused(coordinator, code, message):
    with pytest.raises(ValidationError, match=message):
        party_create(actor=coordinator, code=code, name="x")
