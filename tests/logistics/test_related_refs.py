"""A shipment line names its pledge only to a reader who may see the pledge (issue #14, point 1).

Norway ships a pledge on a shipment released to all participants, then narrows the pledge to itself only (the
shipment service refuses a narrower pledge, so it is narrowed afterwards, as a record may be): a Polish liaison
reads the shipment but must not learn the pledge's id or description from its line, on the page or the API.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.core.models import Releasability
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Shipment
from nsatu.logistics.services import shipment_create
from nsatu.pledges.models import Pledge, PledgeStatus

SECRET = "NASAMS battery from Norwegian stocks, owner only"


@pytest.fixture
def secret_pledge(parties, items) -> Pledge:
    return Pledge.objects.create(
        donor=parties["NOR"],
        recipient=parties["UKR"],
        item_type=items["iris"],
        quantity=4,
        status=PledgeStatus.COMMITTED,
        description=SECRET,
        owner=parties["NOR"],
        releasability=Releasability.PARTICIPANTS,
    )


def _narrow(pledge: Pledge) -> None:
    Pledge.objects.filter(pk=pledge.pk).update(releasability=Releasability.OWNER)


def _ship(liaison_no, parties, hubs, items, pledge: Pledge | None) -> Shipment:
    return shipment_create(
        actor=liaison_no,
        donor=parties["NOR"],
        recipient=parties["UKR"],
        origin="Kongsberg",
        hub=hubs["rzeszow"],
        handover_point="Lviv",
        planned_dispatch=dt.date(2026, 3, 1),
        planned_at_hub=dt.date(2026, 3, 5),
        planned_handover=dt.date(2026, 3, 9),
        lines=[LineInput(items["iris"], 2, pledge)],
    )


@pytest.fixture
def shipment_no(liaison_no, parties, hubs, items, secret_pledge) -> Shipment:
    shipment = _ship(liaison_no, parties, hubs, items, secret_pledge)
    _narrow(secret_pledge)
    return shipment


def _names_pledge(body: bytes, pledge: Pledge) -> bool:
    return bool(re.search(rb"/pledges/%d/" % pledge.pk, body)) or SECRET.encode() in body


def test_the_page_names_a_hidden_pledge_as_restricted(
    shipment_no, secret_pledge, as_user, liaison_pl, liaison_no
):
    page = as_user(liaison_pl).get(f"/logistics/shipments/{shipment_no.pk}/")
    assert page.status_code == 200
    assert not _names_pledge(page.content, secret_pledge)
    assert b'data-testid="restricted-ref">a restricted pledge<' in page.content

    own = as_user(liaison_no).get(f"/logistics/shipments/{shipment_no.pk}/")
    assert f'href="/pledges/{secret_pledge.pk}/"'.encode() in own.content


def test_the_api_gives_null_and_restricted_for_a_hidden_pledge(
    shipment_no, secret_pledge, api, liaison_pl, liaison_no
):
    listed = api(liaison_pl).get("/api/logistics/shipments")
    line = next(s for s in listed.body["items"] if s["id"] == shipment_no.pk)["lines"][0]
    assert (line["pledge"], line["pledge_restricted"]) == (None, True)
    detail = api(liaison_pl).get(f"/api/logistics/shipments/{shipment_no.pk}")
    line = detail.body["shipment"]["lines"][0]
    assert (line["pledge"], line["pledge_restricted"]) == (None, True)
    assert SECRET not in str(detail.body)

    own = api(liaison_no).get(f"/api/logistics/shipments/{shipment_no.pk}")
    line = own.body["shipment"]["lines"][0]
    assert (line["pledge"], line["pledge_restricted"]) == (secret_pledge.pk, False)


def test_a_line_without_a_pledge_is_not_restricted(
    liaison_no, parties, hubs, items, api, liaison_pl
):
    shipment = _ship(liaison_no, parties, hubs, items, None)
    body = api(liaison_pl).get(f"/api/logistics/shipments/{shipment.pk}").body
    line = body["shipment"]["lines"][0]
    assert (line["pledge"], line["pledge_restricted"]) == (None, False)


def test_the_list_reads_the_marks_in_its_own_queries(
    liaison_no, parties, hubs, items, secret_pledge, api, liaison_pl
):
    """Marking the pledges costs no query per shipment: the list's queries do not grow with its length."""
    caller = api(liaison_pl)
    _ship(liaison_no, parties, hubs, items, secret_pledge)
    _ship(liaison_no, parties, hubs, items, secret_pledge)
    _narrow(secret_pledge)
    caller.get("/api/logistics/shipments")  # warm the token and session caches
    with CaptureQueriesContext(connection) as two:
        caller.get("/api/logistics/shipments")
    _ship(liaison_no, parties, hubs, items, None)
    _ship(liaison_no, parties, hubs, items, None)
    with CaptureQueriesContext(connection) as four:
        listed = caller.get("/api/logistics/shipments")
    assert listed.body["count"] == 4
    assert len(four) == len(two)
