"""export_table_get: a table as one user reads it; nobody reads only the public."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from nsatu.accounts.cli import reader_for
from nsatu.core.models import Releasability
from nsatu.exchange.selectors import export_table_get
from nsatu.pledges.services import pledge_create


@pytest.fixture
def participants_pledge(parties, liaison_de):
    return pledge_create(
        actor=liaison_de,
        donor=parties["DEU"],
        recipient=parties["UKR"],
        description="Generators",
        quantity=10,
        releasability=Releasability.PARTICIPANTS,
    )


def test_a_named_user_reads_what_it_may_and_the_public_reads_less(participants_pledge, coordinator):
    as_coordinator = export_table_get(name="pledges", user=coordinator, options={})
    public = export_table_get(name="pledges", user=None, options={})
    assert [row[0] for row in as_coordinator.rows] == [participants_pledge.pk]
    assert public.rows == []


def test_an_unknown_or_inactive_user_is_refused_by_name(people):
    people["analyst.lindqvist"].is_active = False
    people["analyst.lindqvist"].save()
    for username in ("nobody", "analyst.lindqvist"):
        with pytest.raises(CommandError, match=f"no active user '{username}'"):
            reader_for(username)
        with pytest.raises(CommandError, match=f"no active user '{username}'"):
            call_command("export", "pledges", "--as", username)
