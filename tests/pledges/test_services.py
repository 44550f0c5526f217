from decimal import Decimal

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_create, pledge_set_status, pledge_update, tranche_add


@pytest.fixture
def german_pledge(liaison_de, parties):
    return pledge_create(actor=liaison_de, donor=parties["DEU"], recipient=parties["UKR"],
                         description="IRIS-T SLM fire unit", quantity=4)


def test_liaison_records_own_pledge_and_climbs_the_ladder(german_pledge, liaison_de):
    assert german_pledge.owner.code == "DEU"
    p = pledge_set_status(actor=liaison_de, pledge=german_pledge, status="committed")
    assert p.status == "committed"
    with pytest.raises(ValidationError, match="one step up the ladder"):
        pledge_set_status(actor=liaison_de, pledge=p, status="delivered")
    assert AuditEvent.objects.filter(action="pledge.committed", object_id=str(p.pk)).exists()


@pytest.mark.parametrize("who", ["planner", "liaison_pl", "analyst", "auditor"])
def test_others_cannot_change_a_german_pledge(request, german_pledge, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        pledge_update(actor=actor, pledge=german_pledge, expected_version=1, changes={"quantity": 40})
    with pytest.raises(PermissionDenied):
        pledge_set_status(actor=actor, pledge=german_pledge, status="committed")
    assert Pledge.objects.get(pk=german_pledge.pk).quantity == 4


def test_polish_liaison_cannot_pledge_in_germanys_name(liaison_pl, parties):
    with pytest.raises(PermissionDenied, match="may not write pledges of Germany"):
        pledge_create(actor=liaison_pl, donor=parties["DEU"], recipient=parties["UKR"], description="x", quantity=1)


def test_tranches_cannot_exceed_the_pledge(german_pledge, liaison_de):
    import datetime as dt

    tranche_add(actor=liaison_de, pledge=german_pledge, available_from=dt.date(2026, 12, 1), quantity=3)
    with pytest.raises(ValidationError, match="more than the pledge"):
        tranche_add(actor=liaison_de, pledge=german_pledge, available_from=dt.date(2027, 1, 1), quantity=2)


def test_funds_pledge_needs_an_amount(liaison_no, parties):
    with pytest.raises(ValidationError):
        pledge_create(actor=liaison_no, donor=parties["NOR"], recipient=parties["UKR"], kind="funds")
    p = pledge_create(actor=liaison_no, donor=parties["NOR"], recipient=parties["UKR"], kind="funds",
                      amount=Decimal("146000000"), currency="usd")
    assert p.currency == "USD"
