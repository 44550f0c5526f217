import pytest

from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_list

EXPECTED = {
    # who: releasabilities of a German pledge they may read
    "liaison_de": {"public", "participants", "command", "owner"},
    "liaison_pl": {"public", "participants"},
    "liaison_no": {"public", "participants"},
    "planner": {"public", "participants"},
    "coordinator": {"public", "participants", "command"},
    "analyst": {"public"},
    "auditor": {"public"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_visibility_matrix_for_german_pledges(request, parties, people, who):
    for rel in Releasability.values:
        Pledge.objects.create(
            donor=parties["DEU"],
            recipient=parties["UKR"],
            description=rel,
            quantity=1,
            owner=parties["DEU"],
            releasability=rel,
        )
    seen = set(
        pledge_list(user=request.getfixturevalue(who)).values_list("releasability", flat=True)
    )
    assert seen == EXPECTED[who]


def test_releasability_check_names_the_field_and_the_choices(coordinator, liaison_de, parties):
    with pytest.raises(ValidationError) as refused:
        releasability_check(
            actor=coordinator,
            owner=parties["DEU"],
            owner_id=parties["DEU"].pk,
            releasability=Releasability.OWNER,
        )
    assert refused.value.message_dict == {
        "releasability": [
            'A record of Germany marked "Owner only" would not be readable by you once saved. Choose one of: Public, '
            "All participants, Command only."
        ]
    }
    releasability_check(
        actor=coordinator,
        owner=parties["DEU"],
        owner_id=parties["DEU"].pk,
        releasability=Releasability.COMMAND,
    )
    releasability_check(
        actor=coordinator,
        owner=parties["NSATU"],
        owner_id=parties["NSATU"].pk,
        releasability=Releasability.OWNER,
    )
    # Liaisons write only their own party's records; a service refuses the rest with 403, not this check with 422.
    releasability_check(
        actor=liaison_de,
        owner=parties["POL"],
        owner_id=parties["POL"].pk,
        releasability=Releasability.OWNER,
    )
