"""The pledge list by donor name, read one donor at a time off the index on (donor, announced_on, id): the same
rows in the same order as sorting the whole list by name, every row once, no hidden pledge (issue #18)."""

from __future__ import annotations

import pytest

from nsatu.core.models import Releasability
from nsatu.parties.models import Party
from nsatu.pledges.donor_pages import BY_DONOR
from nsatu.pledges.selectors import pledge_list_marked, pledge_list_page, pledge_visible
from tests.pledges.test_keyset_pages import _pledge

ORDERS = {False: ("donor__name", "-announced_on"), True: ("-donor__name", "announced_on")}


@pytest.fixture
def ledger(parties):
    # A second party named as Norway: the two never interleave (the donor's id closes the name).
    twin = Party.objects.create(
        code="XNO", name=parties["NOR"].name, releasability=Releasability.PUBLIC
    )
    parties = {**parties, "XNO": twin}
    donors = ["USA", "NOR", "XNO", "DEU", "NOR", "USA", "POL"]
    return [_pledge(parties, n, donor=donors[n % len(donors)]) for n in range(61)]


def _expected(user, descending):
    order = [f[1:] if f.startswith("-") else f"-{f}" for f in BY_DONOR] if descending else BY_DONOR
    return list(pledge_visible(user=user).order_by(*order).values_list("pk", flat=True))


def _walk(user, descending, size):
    """Every page forward from the first, then every page back from the last."""
    order = ORDERS[descending]
    forward, cursor = [], None
    for _ in range(200):
        page = pledge_list_page(user=user, cursor=cursor, order=order, size=size)
        forward += [p.pk for p in page.object_list]
        if not page.has_next:
            break
        cursor = page.next_cursor
    backward, cursor = [], "last"
    for _ in range(200):
        page = pledge_list_page(user=user, cursor=cursor, order=order, size=size)
        shown = [p.pk for p in page.object_list]
        if not page.has_previous:
            assert page.start == 1
            backward = shown + [pk for pk in backward if pk not in shown]
            break
        assert not set(shown) & set(backward)
        backward = shown + backward
        cursor = page.previous_cursor
    return forward, backward


@pytest.mark.parametrize("descending", [False, True])
def test_every_row_once_in_the_order_of_the_names(ledger, coordinator, descending):
    expected = _expected(coordinator, descending)
    assert len(expected) == 61
    for size in (1, 7, 50, 100):
        forward, backward = _walk(coordinator, descending, size)
        assert forward == expected, size
        assert backward == expected, size


def test_one_page_holds_the_whole_short_list(ledger, coordinator):
    page = pledge_list_page(user=coordinator, cursor=None, order=ORDERS[False], size=61)
    assert [p.pk for p in page.object_list] == _expected(coordinator, False)
    assert (page.count.value, page.start, page.has_next, page.has_previous) == (61, 1, False, False)


def test_positions_follow_the_pages(ledger, coordinator):
    first = pledge_list_page(user=coordinator, cursor=None, order=ORDERS[False], size=10)
    second = pledge_list_page(
        user=coordinator, cursor=first.next_cursor, order=ORDERS[False], size=10
    )
    assert (first.start, first.end, second.start, second.end) == (1, 10, 11, 20)
    last = pledge_list_page(user=coordinator, cursor="last", order=ORDERS[False], size=10)
    assert (last.start, last.end, last.has_next) == (52, 61, False)


def test_a_hidden_pledge_is_on_no_page(ledger, parties, liaison_pl, coordinator):
    secret = _pledge(parties, 3, donor="DEU", releasability=Releasability.OWNER)
    command_only = _pledge(parties, 5, donor="NOR", releasability=Releasability.COMMAND)
    for user, hidden in ((liaison_pl, {secret.pk, command_only.pk}), (coordinator, {secret.pk})):
        for descending in (False, True):
            forward, backward = _walk(user, descending, 6)
            assert not hidden & (set(forward) | set(backward))
            assert forward == backward == _expected(user, descending)


def test_filters_apply_to_the_donor_order(ledger, coordinator):
    page = pledge_list_page(
        user=coordinator, cursor=None, order=ORDERS[False], donor="NOR", kind="funds"
    )
    expected = list(
        pledge_list_marked(user=coordinator, donor="NOR", kind="funds", order=BY_DONOR).values_list(
            "pk", flat=True
        )
    )
    assert [p.pk for p in page.object_list] == expected and expected


def test_a_forged_cursor_tells_no_hidden_donor_from_a_donor_without_pledges(parties, liaison_pl):
    """A cursor naming a donor whose pledges are all hidden from the reader answers as one naming a donor with
    none: the walk's donors are those with a pledge the reader may see."""
    from nsatu.core.paging import Cursor

    _pledge(parties, 1, donor="POL")
    _pledge(parties, 2, donor="DEU", releasability=Releasability.OWNER)
    order = ORDERS[False]

    def after(code: str) -> list[int]:
        party = parties[code]
        token = Cursor("a", (party.name, party.pk, None, 0), 0).token(BY_DONOR)
        page = pledge_list_page(user=liaison_pl, cursor=token, order=order, size=10)
        return [p.pk for p in page.object_list]

    assert after("DEU") == after("USA") == []


def test_filtering_by_a_hidden_requirement_shows_nothing(parties, liaison_pl, coordinator):
    import datetime as dt
    from decimal import Decimal

    from nsatu.needs.models import Requirement, RequirementStatus

    hidden = Requirement.objects.create(
        reference="UA-R-77",
        title="Counter-battery radars",
        capability_area="air_defence",
        quantity=Decimal(4),
        priority=1,
        owner=parties["UKR"],
        status=RequirementStatus.PUBLISHED,
        releasability=Releasability.COMMAND,
        needed_by=dt.date(2027, 3, 31),
    )
    _pledge(parties, 1, donor="POL", requirement=hidden)
    assert pledge_list_marked(user=coordinator, requirement=hidden.pk).exists()
    assert not pledge_list_marked(user=liaison_pl, requirement=hidden.pk).exists()
