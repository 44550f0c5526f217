from decimal import Decimal

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_create, pledge_set_status, pledge_update, tranche_add


@pytest.fixture
def german_pledge(liaison_de, parties):
    return pledge_create(
        actor=liaison_de,
        donor=parties["DEU"],
        recipient=parties["UKR"],
        description="IRIS-T SLM fire unit",
        quantity=4,
    )


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
        pledge_update(
            actor=actor, pledge=german_pledge, expected_version=1, changes={"quantity": 40}
        )
    with pytest.raises(PermissionDenied):
        pledge_set_status(actor=actor, pledge=german_pledge, status="committed")
    assert Pledge.objects.get(pk=german_pledge.pk).quantity == 4


def test_polish_liaison_cannot_pledge_in_germanys_name(liaison_pl, parties):
    with pytest.raises(PermissionDenied, match="may not write pledges of Germany"):
        pledge_create(
            actor=liaison_pl,
            donor=parties["DEU"],
            recipient=parties["UKR"],
            description="x",
            quantity=1,
        )


def test_tranches_cannot_exceed_the_pledge(german_pledge, liaison_de):
    import datetime as dt

    tranche_add(
        actor=liaison_de, pledge=german_pledge, available_from=dt.date(2026, 12, 1), quantity=3
    )
    with pytest.raises(ValidationError, match="more than the pledge"):
        tranche_add(
            actor=liaison_de, pledge=german_pledge, available_from=dt.date(2027, 1, 1), quantity=2
        )


def test_funds_pledge_needs_an_amount(liaison_no, parties):
    with pytest.raises(ValidationError):
        pledge_create(
            actor=liaison_no, donor=parties["NOR"], recipient=parties["UKR"], kind="funds"
        )
    p = pledge_create(
        actor=liaison_no,
        donor=parties["NOR"],
        recipient=parties["UKR"],
        kind="funds",
        amount=Decimal("146000000"),
        currency="usd",
    )
    assert p.currency == "USD"


def test_imported_pledges_keep_the_sources_figures(liaison_de, parties):
    from nsatu.sources.models import Dataset

    sipri = Dataset.objects.create(key="sipri", title="SIPRI")
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        description="PzH 2000",
        quantity=14,
        status="committed",
        owner=parties["DEU"],
        releasability="public",
        dataset=sipri,
        source_row=12,
    )
    with pytest.raises(ValidationError, match="imported from SIPRI"):
        pledge_update(
            actor=liaison_de, pledge=pledge, expected_version=1, changes={"quantity": 1000}
        )
    pledge = pledge_update(
        actor=liaison_de, pledge=pledge, expected_version=1, changes={"notes": "see MoU"}
    )
    assert pledge.quantity == 14 and pledge.notes == "see MoU"


def test_the_command_cannot_change_who_may_read_a_nations_pledge(german_pledge, coordinator):
    with pytest.raises(PermissionDenied, match="Only Germany"):
        pledge_update(
            actor=coordinator,
            pledge=german_pledge,
            expected_version=1,
            changes={"releasability": "public"},
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "delivered"}, "status"),
        ({"currency": "ZZZ", "kind": "funds", "amount": Decimal(1)}, "currency"),
    ],
)
def test_create_refuses_skipping_the_ladder_and_unknown_currencies(
    liaison_de, parties, kwargs, field
):
    with pytest.raises(ValidationError) as err:
        pledge_create(
            actor=liaison_de,
            donor=parties["DEU"],
            recipient=parties["UKR"],
            description="x",
            quantity=1,
            **kwargs,
        )
    assert field in err.value.message_dict


def test_a_donor_cannot_pledge_to_itself(liaison_de, parties):
    with pytest.raises(ValidationError, match="itself"):
        pledge_create(
            actor=liaison_de,
            donor=parties["DEU"],
            recipient=parties["DEU"],
            description="x",
            quantity=1,
        )


def test_an_update_that_changes_nothing_leaves_no_new_version(german_pledge, liaison_de):
    same = pledge_update(
        actor=liaison_de, pledge=german_pledge, expected_version=1, changes={"quantity": 4}
    )
    assert same.version == 1
    assert (
        AuditEvent.objects.filter(object_id=str(german_pledge.pk), action="pledge.update").count()
        == 0
    )


def test_withdrawn_pledges_take_no_tranches(german_pledge, liaison_de):
    import datetime as dt

    withdrawn = pledge_set_status(actor=liaison_de, pledge=german_pledge, status="withdrawn")
    with pytest.raises(ValidationError, match="withdrawn"):
        tranche_add(
            actor=liaison_de, pledge=withdrawn, available_from=dt.date(2027, 1, 1), quantity=1
        )


def test_money_cannot_be_earmarked_for_items_nor_items_for_money(liaison_no, parties):
    from nsatu.needs.models import Requirement, RequirementStatus

    def published(reference: str, unit_kind: str, unit: str) -> Requirement:
        return Requirement.objects.create(
            reference=reference,
            title=reference,
            capability_area="artillery",
            quantity=Decimal(100),
            unit=unit,
            unit_kind=unit_kind,
            status=RequirementStatus.PUBLISHED,
            owner=parties["UKR"],
        )

    shells, money = (
        published("UA-T-ROUNDS", "rounds", "rounds"),
        published("UA-T-EUR", "funds", "EUR"),
    )
    with pytest.raises(ValidationError, match="cannot be earmarked"):
        pledge_create(
            actor=liaison_no,
            donor=parties["NOR"],
            recipient=parties["UKR"],
            kind="funds",
            amount=Decimal(1000),
            currency="EUR",
            requirement=shells,
        )
    with pytest.raises(ValidationError, match="cannot be earmarked"):
        pledge_create(
            actor=liaison_no,
            donor=parties["NOR"],
            recipient=parties["UKR"],
            description="155 mm rounds",
            quantity=10,
            requirement=money,
        )
    funds = pledge_create(
        actor=liaison_no,
        donor=parties["NOR"],
        recipient=parties["UKR"],
        kind="funds",
        amount=Decimal(1000),
        currency="EUR",
        requirement=money,
    )
    assert funds.requirement == money


def test_a_stale_status_change_is_a_conflict_before_a_refused_move(german_pledge, liaison_de):
    from nsatu.core.errors import ConflictError

    moved = pledge_set_status(actor=liaison_de, pledge=german_pledge, status="committed")
    # The stale caller still holds the old version and asks for the move that was just made.
    with pytest.raises(ConflictError, match="changed by someone else"):
        pledge_set_status(
            actor=liaison_de,
            pledge=moved,
            status="committed",
            expected_version=german_pledge.version,
        )
