from __future__ import annotations

from nsatu.council.selectors import action_list, meeting_list, meeting_page_get


def test_actions_are_read_with_their_meeting_and_flagged(council, liaison_de, liaison_pl):
    rows = list(action_list(user=liaison_de))
    assert [a.pk for a in rows] == [council.done.pk, council.overdue.pk, council.ahead.pk]
    assert [a.overdue for a in rows] == [False, True, False]
    # A public action of an owner-only meeting stays with its meeting.
    assert council.secret_action.pk in {a.pk for a in action_list(user=liaison_pl)}
    assert [a.pk for a in action_list(user=liaison_de, overdue=True)] == [council.overdue.pk]
    assert [a.pk for a in action_list(user=liaison_de, owner="DEU")] == [council.ahead.pk]


def test_meetings_and_a_meeting_page(council, liaison_de):
    assert [m.pk for m in meeting_list(user=liaison_de)] == [council.meeting.pk]
    page = meeting_page_get(user=liaison_de, pk=council.meeting.pk)
    (row,) = page.decisions
    assert {a.pk for a in row.actions} == {council.overdue.pk, council.done.pk, council.ahead.pk}
    assert page.may_register is False
