from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from nsatu.audit.models import AuditEvent
from nsatu.needs.services import requirement_create


def test_verify_catches_a_row_edited_directly_in_the_database(planner, capsys):
    for n in range(3):
        requirement_create(
            actor=planner,
            title=f"need {n}",
            capability_area="drones",
            quantity=Decimal(10),
            description="FPV drones",
        )
    call_command("audit", "verify")
    assert "intact: 3 events" in capsys.readouterr().out
    victim = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=victim.pk).update(after={"title": "quietly changed"})
    with pytest.raises(CommandError, match=f"event {victim.pk} .* altered"):
        call_command("audit", "verify")
