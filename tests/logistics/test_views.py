from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Receipt, Shipment, ShipmentStatus
from nsatu.notifications.models import Notification
from tests.logistics.conftest import make_shipment

pytestmark = pytest.mark.django_db


def test_board_groups_by_status_with_bounded_queries(
    as_user,
    coordinator,
    liaison_de,
    parties,
    hubs,
    items,
    shipment_de,
    handed_over,
    django_assert_max_num_queries,
):
    for _n in range(4):  # more shipments must not mean more queries
        make_shipment(liaison_de, parties, hubs["wiesbaden"], [LineInput(items["iris"], 1)])
    client = as_user(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("logistics:board")).content.decode()
    assert 'data-status="handed_over"' in page and shipment_de.reference in page
    # htmx asks for the board alone.
    partial = client.get(
        reverse("logistics:board"), {"donor": "DEU"}, headers={"HX-Request": "true"}
    )
    assert (
        "<html" not in partial.content.decode()
        and shipment_de.reference in partial.content.decode()
    )


def test_liaison_advances_a_shipment_from_its_page(as_user, liaison_de, shipment_de):
    client = as_user(liaison_de)
    detail = reverse("logistics:detail", args=[shipment_de.pk])
    assert 'data-testid="advance-form"' in client.get(detail).content.decode()
    response = client.post(
        reverse("logistics:advance", args=[shipment_de.pk]),
        {"status": "dispatched", "on": "2026-03-02", "version": "1"},
    )
    assert response.status_code == 302
    shipment_de.refresh_from_db()
    assert (shipment_de.status, shipment_de.dispatched_on) == (
        ShipmentStatus.DISPATCHED,
        dt.date(2026, 3, 2),
    )


def test_stale_advance_is_409_and_changes_nothing(as_user, liaison_de, shipment_de):
    client = as_user(liaison_de)
    client.post(
        reverse("logistics:advance", args=[shipment_de.pk]),
        {"status": "dispatched", "on": "2026-03-02", "version": "1"},
    )
    response = client.post(
        reverse("logistics:advance", args=[shipment_de.pk]),
        {"status": "at_hub", "on": "2026-03-04", "version": "1"},
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    shipment_de.refresh_from_db()
    assert (shipment_de.status, shipment_de.version) == (ShipmentStatus.DISPATCHED, 2)


def test_date_before_dispatch_gets_a_clear_message(as_user, liaison_de, shipment_de):
    client = as_user(liaison_de)
    client.post(
        reverse("logistics:advance", args=[shipment_de.pk]),
        {"status": "dispatched", "on": "2026-03-04", "version": "1"},
    )
    response = client.post(
        reverse("logistics:advance", args=[shipment_de.pk]),
        {"status": "at_hub", "on": "2026-03-01", "version": "2"},
    )
    assert response.status_code == 400
    assert (
        "2026-03-01 is before the shipment was dispatched on 2026-03-04"
        in response.content.decode()
    )
    shipment_de.refresh_from_db()
    assert shipment_de.at_hub_on is None


def test_receipt_of_more_than_shipped_changes_nothing(as_user, planner, handed_over, pledge_de):
    line = handed_over.lines.get()
    response = as_user(planner).post(
        reverse("logistics:receipt", args=[handed_over.pk]),
        {
            "received_on": "2026-03-11",
            "version": str(handed_over.version),
            f"accepted_{line.pk}": "9",
        },
    )
    assert response.status_code == 400
    assert "more than the 4 shipped" in response.content.decode()
    handed_over.refresh_from_db()
    pledge_de.refresh_from_db()
    assert handed_over.status == ShipmentStatus.HANDED_OVER and pledge_de.delivered_quantity is None
    assert not Receipt.objects.exists()


def test_partial_receipt_moves_the_requirement_coverage_page(
    as_user, planner, handed_over, requirement
):
    client = as_user(planner)
    line = handed_over.lines.get()
    response = client.post(
        reverse("logistics:receipt", args=[handed_over.pk]),
        {
            "received_on": "2026-03-11",
            "version": str(handed_over.version),
            f"accepted_{line.pk}": "2",
            f"kind_{line.pk}": "short",
            f"short_{line.pk}": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("needs:detail", args=[requirement.pk])).content.decode()
    assert 'data-testid="coverage-delivered">2<' in page


def test_unknown_hub_in_the_form_names_it(as_user, liaison_de, hubs, items):
    response = as_user(liaison_de).post(
        reverse("logistics:create"),
        {
            "donor": "DEU",
            "origin": "Kassel",
            "hub": "Atlantis",
            "handover_point": "Lviv",
            "planned_dispatch": "2026-04-01",
            "planned_at_hub": "2026-04-03",
            "planned_handover": "2026-04-05",
            "item_type": items["gepard"].pk,
            "quantity": "2",
            "releasability": "participants",
        },
    )
    assert response.status_code == 400
    assert "Unknown hub &#x27;Atlantis&#x27;" in response.content.decode()
    assert not Shipment.objects.exists()


def test_liaison_plans_a_shipment(as_user, liaison_de, hubs, items):
    response = as_user(liaison_de).post(
        reverse("logistics:create"),
        {
            "donor": "DEU",
            "origin": "Kassel",
            "hub": "Rzeszów-Jasionka",
            "handover_point": "Lviv",
            "planned_dispatch": "2026-04-01",
            "planned_at_hub": "2026-04-03",
            "planned_handover": "2026-04-05",
            "item_type": items["gepard"].pk,
            "quantity": "2",
            "releasability": "participants",
        },
    )
    shipment = Shipment.objects.get()
    assert response.status_code == 302 and shipment.owner.code == "DEU"


def test_other_donor_gets_404_on_command_only_shipment(
    as_user, liaison_de, liaison_pl, parties, hubs, items
):
    s = make_shipment(
        liaison_de,
        parties,
        hubs["rzeszow"],
        [LineInput(items["iris"], 1)],
        releasability=Releasability.COMMAND,
    )
    client = as_user(liaison_pl)
    assert client.get(reverse("logistics:detail", args=[s.pk])).status_code == 404
    assert (
        client.post(
            reverse("logistics:advance", args=[s.pk]),
            {"status": "dispatched", "on": "2026-03-02", "version": "1"},
        ).status_code
        == 404
    )


def test_board_filter_names_no_donor_of_a_hidden_shipment(
    as_user, liaison_de, liaison_pl, coordinator, parties, hubs, items
):
    make_shipment(
        liaison_de,
        parties,
        hubs["rzeszow"],
        [LineInput(items["iris"], 1)],
        releasability=Releasability.COMMAND,
    )
    polish = as_user(liaison_pl).get(reverse("logistics:board")).content.decode()
    assert 'value="DEU"' not in polish
    assert 'value="DEU"' in as_user(coordinator).get(reverse("logistics:board")).content.decode()


def test_hubs_page_flags_over_capacity(
    as_user,
    coordinator,
    liaison_de,
    parties,
    hubs,
    items,
    shipment_de,
    django_assert_max_num_queries,
):
    make_shipment(liaison_de, parties, hubs["rzeszow"], [LineInput(items["iris"], 1)])
    client = as_user(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("logistics:hubs")).content.decode()
    assert 'data-testid="over-capacity"' in page and "210 t" in page
    assert 'id="map-data"' in page and "vendor/leaflet/leaflet.js" in page


def test_late_check_notifies_and_header_shows_it(as_user, coordinator, liaison_de, shipment_de):
    as_user(coordinator).post(reverse("logistics:check_late"))
    assert Notification.objects.filter(recipient=liaison_de).count() == 1
    client = as_user(liaison_de)
    page = client.get(reverse("logistics:board")).content.decode()
    # The unread count sits in a badge of the header's notifications link, whatever its classes.
    assert re.search(r'data-testid="notifications"[^<]*<span class="badge[^"]*">1</span>', page)
    notice = Notification.objects.get()
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_liaison_cannot_run_the_late_check(as_user, liaison_de, shipment_de):
    response = as_user(liaison_de).post(reverse("logistics:check_late"), follow=True)
    assert "may not check shipments for delays" in response.content.decode()
    assert not Notification.objects.exists()


def test_repairs_page_records_an_order(as_user, planner, items, parties):
    response = as_user(planner).post(
        reverse("logistics:repairs"),
        {
            "item_type": items["gepard"].pk,
            "quantity": "1",
            "facility": "KNDS",
            "facility_party": "DEU",
            "sent_on": "2026-02-01",
            "expected_return": "2026-01-01",
        },
    )
    assert response.status_code == 400 and "before it was sent on" in response.content.decode()
