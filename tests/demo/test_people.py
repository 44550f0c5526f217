"""The demo's people: created by the system with one password per installation, kept across restarts."""

from __future__ import annotations

from nsatu.audit.models import AuditEvent
from nsatu.demo.people import DEMO_COORDINATOR, DEMO_PEOPLE, demo_password, demo_people_create


def test_one_password_per_installation(tmp_path):
    first = demo_password(tmp_path)
    assert first.startswith("demo-") and demo_password(tmp_path) == first
    assert (tmp_path / "demo-password.txt").stat().st_mode & 0o777 == 0o600


def test_the_people_of_the_demo_are_created_then_reset(parties):
    people = demo_people_create(password="x-correct-horse")
    assert set(people) == {p.username for p in DEMO_PEOPLE if p.in_demo}
    assert people[DEMO_COORDINATOR].role == "coordinator"
    assert people["planner.ua.kovalenko"].party_id == parties["UKR"].pk
    demo_people_create(password="y-correct-horse")
    actions = AuditEvent.objects.filter(object_type="accounts.user").values_list(
        "action", "actor_label"
    )
    assert sorted(set(actions)) == [("user.create", "system"), ("user.reset", "system")]
    assert len(actions) == 2 * len(people)
