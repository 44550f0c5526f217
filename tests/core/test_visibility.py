import pytest

from nsatu.core.models import Releasability
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
