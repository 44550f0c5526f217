"""The illustrative Council scenario (nsatu.demo.council): built through the services, badged, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nsatu.core.errors import PermissionDenied
from nsatu.council.models import Action, Meeting
from nsatu.demo.council import DATASET, demo_council_build
from nsatu.roadmap.models import Milestone
from nsatu.sources.models import Dataset


def test_built_once_with_an_overdue_action_and_milestone(coordinator, liaison_de, as_user):
    with pytest.raises(PermissionDenied):
        demo_council_build(actor=liaison_de)
    built = demo_council_build(actor=coordinator)
    assert (built.created, built.milestones, built.actions, built.overdue_actions) == (
        True,
        3,
        3,
        1,
    )
    again = demo_council_build(actor=coordinator)
    assert (again.created, again.milestones, again.actions) == (False, 3, 3)
    assert Meeting.objects.filter(dataset__key=DATASET).count() == 1
    Dataset.objects.filter(key=DATASET).update(illustrative=True)
    client = as_user(liaison_de)
    html = client.get("/council/actions/", {"overdue": "yes"}).content.decode()
    overdue = Action.objects.get(
        dataset__key=DATASET, status="open", due_date__lt=timezone.localdate()
    )
    assert f'<tr data-action="{overdue.pk}" class="overdue">' in html
    assert 'data-testid="illustrative"' in html
    html = client.get("/roadmap/", {"overdue": "yes"}).content.decode()
    (late,) = Milestone.objects.filter(dataset__key=DATASET, due_date__lt=timezone.localdate())
    assert f'<tr data-milestone="{late.pk}" class="overdue">' in html
    assert 'data-testid="illustrative"' in html
