from __future__ import annotations

from nsatu.roadmap.models import MilestoneLink, MilestoneStatus
from nsatu.roadmap.selectors import (
    milestone_links,
    milestone_list,
    milestone_summary_get,
    milestone_timeline,
)


def test_list_flags_overdue_and_hides_what_the_reader_may_not_see(road, liaison_de, liaison_pl):
    rows = list(milestone_list(user=liaison_de))
    assert [m.title for m in rows] == [
        road.achieved.title,
        road.overdue.title,
        road.ahead.title,
    ]
    assert [m.overdue for m in rows] == [False, True, False]
    assert road.polish_secret.pk in {m.pk for m in milestone_list(user=liaison_pl)}
    assert [m.pk for m in milestone_list(user=liaison_de, overdue=True)] == [road.overdue.pk]


def test_list_for_a_coalition_is_what_the_coalition_page_reads(road, analyst):
    titles = {m.title for m in milestone_list(user=analyst, coalition=road.coalition)}
    assert titles == {road.overdue.title, road.ahead.title}
    assert {m.pk for m in milestone_list(user=analyst, coalition=road.coalition.pk)} == {
        road.overdue.pk,
        road.ahead.pk,
    }


def test_timeline_groups_consecutive_quarters(road, analyst):
    groups = milestone_timeline(list(milestone_list(user=analyst)))
    labels = [g.label for g in groups]
    assert len(labels) == len(set(labels)) >= 2
    assert sum(len(g.milestones) for g in groups) == 3


def test_summary_counts_only_visible_milestones(road, liaison_de, liaison_pl):
    de = milestone_summary_get(user=liaison_de)
    pl = milestone_summary_get(user=liaison_pl)
    assert (de.total, de.overdue) == (3, 1)
    assert pl.total == 4
    assert de.by_status[MilestoneStatus.ACHIEVED] == 1
    assert sum(total for _label, _counts, total in de.rows()) == 3


def test_a_link_to_a_hidden_pledge_reads_restricted(road, coordinator, liaison_de):
    MilestoneLink.objects.create(
        milestone=road.ahead, pledge=road.pledge_secret, linked_by=coordinator
    )
    (link,) = milestone_links(user=liaison_de, milestone=road.ahead)
    assert link.pledge_seen is False
