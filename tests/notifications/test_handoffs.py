from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.needs.services import requirement_create, requirement_transition
from nsatu.notifications.models import Delivery, NoticeKind, Notification
from nsatu.notifications.services import notice_emit, notice_preferences_set
from nsatu.planning.models import AllocationRun, Claim, PlanLine, RunStatus
from nsatu.planning.services import plan_line_decline
from nsatu.pledges.services import pledge_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(people, coordinator, django_user_model):
    return django_user_model.objects.create_user(
        username="coord.second",
        password="x",
        role=coordinator.role,
        party=coordinator.party,
        email="second@nsatu.example",
    )


@pytest.fixture
def draft(planner):
    return requirement_create(
        actor=planner,
        title="155 mm shells for winter",
        capability_area="artillery",
        quantity=Decimal(2000),
        unit="rounds",
        priority=1,
        description="155 mm rounds",
    )


def _submit(planner, draft, capture):
    with capture(execute=True):
        return requirement_transition(actor=planner, requirement=draft, to_status="submitted")


def test_a_submitted_requirement_reaches_the_command_by_its_chosen_way(
    planner, coordinator, second_coordinator, draft, django_capture_on_commit_callbacks
):
    coordinator.email = "ribeiro@nsatu.example"
    coordinator.save()
    notice_preferences_set(
        actor=coordinator, deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.EMAIL}
    )
    _submit(planner, draft, django_capture_on_commit_callbacks)
    inbox = Notification.objects.filter(kind=NoticeKind.REQUIREMENT_SUBMITTED)
    assert {n.recipient for n in inbox} == {coordinator, second_coordinator}
    assert draft.reference in inbox.get(recipient=coordinator).subject
    assert inbox.get(recipient=coordinator).link == f"/requirements/{draft.pk}/"
    # The second coordinator has an address but chose nothing: in the application only.
    assert [m.to for m in mail.outbox] == [["ribeiro@nsatu.example"]]
    assert not Notification.objects.filter(recipient=planner).exists()


def test_a_rolled_back_hand_off_sends_no_mail(
    planner, coordinator, draft, django_capture_on_commit_callbacks
):
    coordinator.email = "ribeiro@nsatu.example"
    coordinator.save()
    notice_preferences_set(
        actor=coordinator, deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.EMAIL}
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requirement_transition(actor=planner, requirement=draft, to_status="submitted")
    assert len(callbacks) == 1  # waits for the commit: nothing left before it
    assert not mail.outbox


def test_the_polish_liaison_hears_nothing_of_a_german_owner_only_pledge(
    parties, coordinator, liaison_de, liaison_pl
):
    pledge = pledge_create(
        actor=liaison_de,
        donor=parties["DEU"],
        recipient=parties["UKR"],
        description="Owner-only offer",
        quantity=4,
        releasability=Releasability.OWNER,
    )
    # A kind told to every liaison: only those who may read the pledge hear of it.
    sent = notice_emit(actor=None, kind=NoticeKind.REQUIREMENT_PUBLISHED, subject=pledge)
    assert [n.recipient for n in sent] == [liaison_de]
    assert not Notification.objects.filter(recipient=liaison_pl).exists()
    # Named as the party concerned, the Polish liaison still may not read it.
    assert (
        notice_emit(
            actor=None,
            kind=NoticeKind.INTAKE_AWAITING,
            subject=pledge,
            party_id=parties["POL"].pk,
        )
        == []
    )


def test_emitting_one_event_twice_tells_once(
    planner, coordinator, draft, django_capture_on_commit_callbacks
):
    coordinator.email = "ribeiro@nsatu.example"
    coordinator.save()
    notice_preferences_set(
        actor=coordinator, deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.EMAIL}
    )
    submitted = _submit(planner, draft, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = notice_emit(
            actor=planner,
            kind=NoticeKind.REQUIREMENT_SUBMITTED,
            subject=submitted,
            occasion=str(submitted.version),
        )
    assert again == []
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert len(mail.outbox) == 1


def test_validation_tells_the_owning_planner(
    planner, coordinator, draft, django_capture_on_commit_callbacks
):
    submitted = _submit(planner, draft, django_capture_on_commit_callbacks)
    requirement_transition(actor=coordinator, requirement=submitted, to_status="validated")
    notice = Notification.objects.get(recipient=planner)
    assert notice.kind == NoticeKind.REQUIREMENT_VALIDATED
    # The actor is not told of his own move.
    assert not Notification.objects.filter(
        recipient=coordinator, kind=NoticeKind.REQUIREMENT_VALIDATED
    ).exists()


def test_the_digest_gathers_the_days_notices_in_one_mail(
    planner, coordinator, draft, django_capture_on_commit_callbacks
):
    coordinator.email = "ribeiro@nsatu.example"
    coordinator.save()
    notice_preferences_set(
        actor=coordinator, deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.DIGEST}
    )
    _submit(planner, draft, django_capture_on_commit_callbacks)
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notices", "--digest")
    assert len(mail.outbox) == 1 and draft.reference in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notices", "--digest")
    assert len(mail.outbox) == 1


def _proposal(web_data, parties, coordinator) -> PlanLine:
    run = AllocationRun.objects.create(
        created_by=coordinator,
        status=RunStatus.DONE,
        objective=1.0,
        releasability=Releasability.PARTICIPANTS,
    )
    return PlanLine.objects.create(
        run=run,
        pledge=web_data.german_pledge,
        requirement=web_data.published,
        source_kind="tranche",
        source_id="t1",
        quantity=4,
        arrival=timezone.localdate() + dt.timedelta(days=60),
        month=2,
        value=1.0,
        owner=parties["DEU"],
        releasability=Releasability.COMMAND,
    )


def test_a_declined_proposal_tells_the_command_only(
    web_data, parties, coordinator, liaison_de, liaison_pl
):
    line = _proposal(web_data, parties, coordinator)
    plan_line_decline(actor=liaison_de, line_id=line.pk, expected_version=line.version)
    told = Notification.objects.filter(kind=NoticeKind.PROPOSAL_DECLINED)
    assert [n.recipient for n in told] == [coordinator]
    assert told.get().link == reverse("planning:lines")


def test_the_due_check_tells_a_liaison_once_of_a_claim_about_to_expire(
    web_data, parties, liaison_de, liaison_pl
):
    Claim.objects.create(
        donor=parties["DEU"],
        requirement=web_data.published,
        claimed_by=liaison_de,
        expires_at=timezone.now() + dt.timedelta(days=2),
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )
    call_command("notices", "--due", stdout=StringIO())
    call_command("notices", "--due", stdout=StringIO())
    told = Notification.objects.filter(kind=NoticeKind.CLAIM_EXPIRING)
    assert [n.recipient for n in told] == [liaison_de]
