"""The pledge list read by cursor (issue #18): every row once across the pages, ties and NULLs included; a hidden
pledge on none of them; a count that stops at COUNT_CAP; a page whose queries do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.core.paging import COUNT_CAP, Cursor, count_bounded, keyset_page
from nsatu.pledges.models import Pledge, PledgeKind
from nsatu.pledges.selectors import pledge_list_marked, pledge_list_page, pledge_visible

DAY = dt.date(2024, 5, 1)


def _pledge(parties, n: int, *, donor: str = "USA", **extra) -> Pledge:
    fields = {
        "donor": parties[donor],
        "owner": parties[donor],
        "recipient": parties["UKR"],
        "description": f"line {n}",
        "quantity": n + 1,
        "releasability": Releasability.PUBLIC,
        # Few distinct dates and values, some missing: most rows tie on the sort key.
        "announced_on": None if n % 7 == 0 else DAY - dt.timedelta(days=n % 3),
    }
    if n % 4 == 0:
        fields |= {"kind": PledgeKind.FUNDS, "amount": Decimal(1000), "value_eur": Decimal(n % 2)}
    return Pledge.objects.create(**(fields | extra))


@pytest.fixture
def many(parties):
    return [_pledge(parties, n, donor="USA" if n % 2 else "NOR") for n in range(53)]


def _walk(user, order, size):
    """Every page forward from the first, then every page back from the last."""
    items = pledge_list_marked(user=user, order=order)
    forward, cursor, pages = [], None, 0
    while True:
        page = keyset_page(items, cursor=cursor, size=size)
        forward += [p.pk for p in page.object_list]
        pages += 1
        assert pages < 100
        if not page.has_next:
            break
        cursor = page.next_cursor
    backward, cursor = [], "last"
    while True:
        page = keyset_page(items, cursor=cursor, size=size)
        shown = [p.pk for p in page.object_list]
        if not page.has_previous:
            # Back at the top the first page is a full one from row 1: it may repeat rows already read.
            assert page.start == 1
            backward = shown + [pk for pk in backward if pk not in shown]
            break
        assert not set(shown) & set(backward)
        backward = shown + backward
        cursor = page.previous_cursor
    return forward, backward


@pytest.mark.parametrize(
    "order",
    [
        ("-announced_on", "-pk"),
        ("announced_on", "pk"),
        ("value_eur", "pk"),
        ("-value_eur", "-pk"),
        ("status", "pk"),
        ("donor__name", "-announced_on", "pk"),
        ("pk",),
    ],
)
def test_every_row_once_across_pages_with_equal_keys_and_nulls(many, coordinator, order):
    expected = list(pledge_list_marked(user=coordinator, order=order).values_list("pk", flat=True))
    assert len(expected) >= 53
    for size in (1, 7, 50):
        forward, backward = _walk(coordinator, order, size)
        assert forward == expected, size
        assert backward == expected, size


def test_positions_follow_the_pages(many, coordinator):
    items = pledge_list_marked(user=coordinator, order=("-announced_on", "-pk"))
    first = keyset_page(items, cursor=None, size=10)
    second = keyset_page(items, cursor=first.next_cursor, size=10)
    assert (first.start, first.end, second.start, second.end) == (1, 10, 11, 20)
    back = keyset_page(items, cursor=second.previous_cursor, size=10)
    assert [p.pk for p in back.object_list] == [p.pk for p in first.object_list]
    last = keyset_page(items, cursor="last", size=10)
    assert last.end == items.count() and not last.has_next


def test_a_hidden_pledge_is_on_no_page_whatever_the_cursor(many, parties, liaison_pl, coordinator):
    secret = _pledge(parties, 3, donor="DEU", releasability=Releasability.OWNER)
    command_only = _pledge(parties, 5, donor="NOR", releasability=Releasability.COMMAND)
    for user, hidden in ((liaison_pl, {secret.pk, command_only.pk}), (coordinator, {secret.pk})):
        for order in (("-announced_on", "-pk"), ("donor__name", "-announced_on", "pk")):
            forward, backward = _walk(user, order, 6)
            assert not hidden & set(forward) and not hidden & set(backward)
            visible = set(pledge_visible(user=user).values_list("pk", flat=True))
            assert set(forward) == visible
        # A cursor forged to sit just before the hidden pledge only bounds the visible rows.
        order = ("-announced_on", "-pk")
        forged = Cursor("a", (secret.announced_on, secret.pk + 1), 1).token(order)
        page = pledge_list_page(user=user, cursor=forged, order=order)
        assert not hidden & {p.pk for p in page.object_list}


def test_a_cursor_of_another_order_or_garbage_gives_the_first_page(many, coordinator):
    order = ("-announced_on", "-pk")
    first = pledge_list_page(user=coordinator, cursor=None, order=order)
    other = Cursor("a", (Decimal(0), 5), 51).token(("value_eur", "pk"))
    for cursor in (other, "garbage", "WyJhIiwgMSwgWzFdXQ", ""):
        page = pledge_list_page(user=coordinator, cursor=cursor, order=order)
        assert [p.pk for p in page.object_list] == [p.pk for p in first.object_list]


def test_count_is_exact_up_to_the_cap_then_more_than(parties, coordinator, as_user):
    Pledge.objects.bulk_create(
        Pledge(
            donor=parties["USA"],
            owner=parties["USA"],
            recipient=parties["UKR"],
            description="bulk",
            quantity=1,
            releasability=Releasability.PUBLIC,
            announced_on=DAY,
        )
        for _ in range(COUNT_CAP)
    )
    visible = pledge_visible(user=coordinator)
    exact = count_bounded(visible)
    assert (exact.value, exact.exact) == (COUNT_CAP, True)
    _pledge(parties, 1)
    beyond = count_bounded(visible)
    assert (beyond.value, beyond.exact) == (COUNT_CAP, False)
    body = as_user(coordinator).get(reverse("pledges:list")).content.decode()
    assert "of more than 10,000" in body
    # The status counts stop at the cap too: every pledge here is announced.
    assert "more than 10,000</a>" in body


def _queries_of_the_list(client, django_assert_max_num_queries, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_page_queries_do_not_grow_with_rows(
    parties, coordinator, as_user, django_assert_max_num_queries
):
    client = as_user(coordinator)
    url = reverse("pledges:list")
    for n in range(3):
        _pledge(parties, n)
    few = _queries_of_the_list(client, django_assert_max_num_queries, url)
    for n in range(3, 160):
        _pledge(parties, n, donor="NOR" if n % 3 else "USA")
    many = _queries_of_the_list(client, django_assert_max_num_queries, url)
    body = client.get(url).content.decode()
    cursor = body.split('rel="next"')[0].rsplit("cursor=", 1)[1].split('"')[0].split("&")[0]
    deep = _queries_of_the_list(client, django_assert_max_num_queries, f"{url}?cursor={cursor}")
    assert few == many
    # A following page may read its NULL dates in a second range: one query more at most.
    assert deep <= many + 1
