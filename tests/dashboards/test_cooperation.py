"""The cooperation page counts, per reader, what each cooperation page lists, and links to it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.parties.models import COMMAND_CODE, Coalition
from nsatu.roadmap.models import Milestone, MilestoneArea


def _coalition(name: str, releasability: str, owner) -> Coalition:
    return Coalition.objects.create(
        name=name,
        capability_area=CapabilityArea.ARTILLERY,
        udcg=True,
        releasability=releasability,
        owner=owner,
    )


def test_counts_follow_the_readers_visibility_and_flag_overdue_milestones(
    as_user, parties, coordinator, liaison_pl, django_assert_max_num_queries
):
    _coalition("Artillery coalition", Releasability.PUBLIC, parties["DEU"])
    _coalition("A coalition in the making", Releasability.COMMAND, parties[COMMAND_CODE])
    Milestone.objects.create(
        title="Standards adopted for artillery ammunition",
        area=MilestoneArea.STANDARDS,
        due_date=timezone.localdate() - dt.timedelta(days=10),
        owner=parties["UKR"],
        releasability=Releasability.PUBLIC,
    )
    command = as_user(coordinator)
    command.get("/cooperation/")  # the session and the content types, once
    with django_assert_max_num_queries(16):
        seen_by_command = command.get("/cooperation/")
    assert seen_by_command.status_code == 200
    assert seen_by_command.context["page"].coalitions == 2
    assert seen_by_command.context["page"].milestones_overdue == 1
    body = seen_by_command.content.decode()
    for target in (
        "/coalitions/",
        "/agreements/frameworks/",
        "/production/",
        "/roadmap/",
        "/council/",
    ):
        assert f'href="{target}"' in body, target
    assert as_user(liaison_pl).get("/cooperation/").context["page"].coalitions == 1
