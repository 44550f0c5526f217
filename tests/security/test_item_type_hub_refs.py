"""A visible record names a hidden item type or hub only as "a restricted item type" / "a restricted hub"
(issue #14, point 1, its last class).

Norway keeps an item type and a hub to itself; a pledge and a shipment released to all participants point at
them. A Polish liaison reads the pledge and the shipment, but their pages, exports and API bodies must not
name the item type or the hub, filters must not let him select by them, and the hub throughput groups the
hidden hub under the restricted label.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_label
from nsatu.exchange.exports import TABLES
from nsatu.logistics.models import Hub, Shipment, ShipmentLine
from nsatu.logistics.selectors import hub_map_data, hub_throughput, shipment_list
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_list, pledge_list_marked

TYPE_NAME = "Qzx owner-only launcher"
HUB_NAME = "Qzx owner-only depot"


@pytest.fixture
def hidden_type(parties) -> ItemType:
    return ItemType.objects.create(
        name=TYPE_NAME,
        capability_area=CapabilityArea.AIR_DEFENCE,
        standard=Standard.NATO,
        unit_mass_t=Decimal(10),
        owner=parties["NOR"],
        releasability=Releasability.OWNER,
    )


@pytest.fixture
def hidden_hub(parties) -> Hub:
    return Hub.objects.create(
        name=HUB_NAME,
        country=parties["NOR"],
        lat=60.0,
        lon=10.0,
        capacity_t_month=Decimal(50),
        owner=parties["NOR"],
        releasability=Releasability.OWNER,
    )


@pytest.fixture
def pledge(parties, hidden_type) -> Pledge:
    return Pledge.objects.create(
        donor=parties["NOR"],
        recipient=parties["UKR"],
        owner=parties["NOR"],
        item_type=hidden_type,
        quantity=4,
        status=PledgeStatus.COMMITTED,
        description="Air defence from Norway",
        releasability=Releasability.PARTICIPANTS,
    )


@pytest.fixture
def shipment(parties, hidden_type, hidden_hub) -> Shipment:
    shipment = Shipment.objects.create(
        reference="SHP-QZX-1",
        donor=parties["NOR"],
        recipient=parties["UKR"],
        owner=parties["NOR"],
        origin="Oslo",
        origin_lat=59.9,
        origin_lon=10.7,
        hub=hidden_hub,
        handover_point="Lviv",
        planned_dispatch=dt.date(2026, 11, 1),
        planned_at_hub=dt.date(2026, 11, 5),
        planned_handover=dt.date(2026, 11, 9),
        releasability=Releasability.PARTICIPANTS,
    )
    ShipmentLine.objects.create(
        shipment=shipment, item_type=hidden_type, quantity=2, unit_mass_t=Decimal(10)
    )
    return shipment


def _clean(body: bytes, *ids: int) -> None:
    assert TYPE_NAME.encode() not in body
    assert HUB_NAME.encode() not in body
    for pk in ids:
        assert f"/catalogue/{pk}/".encode() not in body


def test_the_pledge_page_list_csv_and_api_name_a_hidden_item_type_as_restricted(
    pledge, hidden_type, as_user, liaison_pl, liaison_no
):
    client = as_user(liaison_pl)
    detail = client.get(f"/pledges/{pledge.pk}/")
    assert detail.status_code == 200
    _clean(detail.content, hidden_type.pk)
    assert b"a restricted item type" in detail.content
    for url in ("/pledges/", "/pledges/?format=csv"):
        _clean(client.get(url).getvalue(), hidden_type.pk)
    body = client.get(f"/api/pledges/{pledge.pk}").json()
    assert body["item_type"] is None

    own = as_user(liaison_no).get(f"/pledges/{pledge.pk}/")
    assert TYPE_NAME.encode() in own.content  # Norway sees its own item type named


def test_filtering_or_searching_by_a_hidden_item_type_finds_nothing(
    pledge, hidden_type, liaison_pl, liaison_no
):
    assert not pledge_list(user=liaison_pl, item_type=hidden_type.pk).exists()
    assert not pledge_list(user=liaison_pl, search="owner-only launcher").exists()
    assert pledge_list(user=liaison_no, item_type=hidden_type.pk).get() == pledge


def test_exports_name_a_hidden_item_type_as_restricted(pledge, liaison_pl, liaison_no):
    rows = TABLES["pledges"](user=liaison_pl, options={}).rows
    assert [r[4] for r in rows if r[0] == pledge.pk] == ["a restricted item type"]
    own = TABLES["pledges"](user=liaison_no, options={}).rows
    assert [r[4] for r in own if r[0] == pledge.pk] == [TYPE_NAME]


def test_a_visible_item_type_is_named_by_its_name(pledge, liaison_no, liaison_pl):
    marked = pledge_list_marked(user=liaison_no).get(pk=pledge.pk)
    assert ref_label(marked, "item_type") == TYPE_NAME
    hidden = pledge_list_marked(user=liaison_pl).get(pk=pledge.pk)
    assert ref_label(hidden, "item_type") == "a restricted item type"


def test_the_shipment_names_a_hidden_hub_and_item_type_as_restricted(
    shipment, hidden_type, as_user, liaison_pl
):
    client = as_user(liaison_pl)
    page = client.get(f"/logistics/shipments/{shipment.pk}/")
    assert page.status_code == 200
    _clean(page.content, hidden_type.pk)
    assert b"a restricted hub" in page.content
    _clean(client.get("/logistics/").content)
    body = client.get("/api/logistics/shipments").json()
    (row,) = [s for s in body["items"] if s["id"] == shipment.pk]
    assert row["hub"] == "a restricted hub"
    assert row["lines"][0]["item_type"] is None
    detail = client.get(f"/api/logistics/shipments/{shipment.pk}").json()
    assert detail["lines"][0]["item_type"] == "a restricted item type"


def test_filtering_shipments_by_a_hidden_hub_finds_nothing(shipment, hidden_hub, liaison_pl):
    assert not shipment_list(user=liaison_pl, hub=hidden_hub.pk).exists()
    assert shipment_list(user=liaison_pl).filter(pk=shipment.pk).exists()


def test_throughput_groups_a_hidden_hub_under_the_restricted_label(
    shipment, liaison_pl, liaison_no
):
    months = hub_throughput(user=liaison_pl)
    assert {m.hub for m in months} == {"a restricted hub"}
    assert all(m.capacity_t is None for m in months)  # its capacity would tell it apart
    assert {m.hub for m in hub_throughput(user=liaison_no)} == {HUB_NAME}


def test_the_map_draws_no_route_into_a_hidden_hub(shipment, liaison_pl, liaison_no):
    assert hub_map_data(user=liaison_pl)["flows"] == []
    assert [f["hub"] for f in hub_map_data(user=liaison_no)["flows"]] == [HUB_NAME]
