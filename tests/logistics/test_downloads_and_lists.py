"""The logistics tables as staff work with them: the shipment list, the board, the hubs and the repair orders
download as CSV and XLSX with readable labels and typed cells, the list sorts and pages as a whole, and the
pages and a late notice read in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import RepairOrder
from nsatu.logistics.repair_services import repair_order_create
from nsatu.logistics.services import shipments_notify_late
from nsatu.notifications.models import Notification
from tests.downloads import assert_xlsx_matches_csv, xlsx_rows
from tests.logistics.conftest import make_shipment

pytestmark = pytest.mark.django_db

SHIPMENT_LABELS = ["Reference", "Donor", "Recipient", "Origin", "Hub", "Handover point", "Status"]


def _many(liaison_de, parties, hubs, items, n: int) -> list[str]:
    """Shipments whose planned handover is out of step with their creation order."""
    refs = []
    for i in range(n):
        day = (7 * i) % n + 10
        s = make_shipment(
            liaison_de,
            parties,
            hubs["rzeszow"],
            [LineInput(items["iris"], 1)],
            planned_handover=dt.date(2026, 4, day),
        )
        refs.append(s.reference)
    return refs


def test_the_list_xlsx_has_labels_and_the_rows_of_the_csv(as_user, coordinator, shipment_de, items):
    rows = assert_xlsx_matches_csv(as_user(coordinator), reverse("logistics:list"), SHIPMENT_LABELS)
    header, row = rows[0], rows[1]
    assert row[header.index("Status")] == "Planned"
    assert row[header.index("Planned handover")] == dt.datetime(2026, 3, 10)
    assert row[header.index("Items")] == "4 × Gepard"
    assert "planned" not in [str(c) for c in row]


def test_the_board_downloads_what_it_shows(as_user, coordinator, shipment_de):
    rows = assert_xlsx_matches_csv(
        as_user(coordinator), reverse("logistics:board") + "?donor=DEU", SHIPMENT_LABELS
    )
    assert [r[0] for r in rows[1:]] == [shipment_de.reference]


def test_a_hidden_shipment_is_not_downloaded(as_user, liaison_pl, shipment_de, parties, hubs):
    from nsatu.logistics.models import Shipment

    Shipment.objects.filter(pk=shipment_de.pk).update(releasability="owner")
    rows = xlsx_rows(as_user(liaison_pl), reverse("logistics:list"))
    assert rows[1:] == []


@pytest.mark.parametrize("key", ["handover", "-handover"])
def test_sorting_orders_the_whole_list(
    as_user, coordinator, liaison_de, parties, hubs, items, key, settings
):
    settings.NSATU_PAGE_SIZE = 3
    _many(liaison_de, parties, hubs, items, 7)
    client = as_user(coordinator)
    page = client.get(reverse("logistics:list") + f"?sort={key}").content.decode()
    shown = re.findall(r'data-shipment="\d+">\s*<td><a href="[^"]+">(SHP-[\d-]+)</a>', page)
    assert len(shown) == 3
    everything = xlsx_rows(client, reverse("logistics:list") + f"?sort={key}")
    handovers = [r[SHIPMENT_LABELS.index("Handover point") + 4] for r in everything[1:]]
    assert handovers == sorted(handovers, reverse=key.startswith("-"))
    # The first page is the head of the whole ordered list, not an ordered slice of some page.
    assert shown == [r[0] for r in everything[1:4]]


def test_the_list_filters_by_status_and_date(
    as_user, coordinator, liaison_de, parties, hubs, items
):
    _many(liaison_de, parties, hubs, items, 4)
    client = as_user(coordinator)
    rows = xlsx_rows(client, reverse("logistics:list") + "?handover_from=2026-04-12")
    assert rows[1:] and all(r[9] >= dt.datetime(2026, 4, 12) for r in rows[1:])
    none = xlsx_rows(client, reverse("logistics:list") + "?status=received")
    assert none[1:] == []
    # A malformed date is shown on the form and narrows nothing, never a server error.
    assert client.get(reverse("logistics:list") + "?handover_from=soon").status_code == 200


def test_template_and_upload_links_only_for_those_who_may_plan(
    as_user, liaison_de, analyst, shipment_de
):
    for name in ("logistics:list", "logistics:board"):
        shown = as_user(liaison_de).get(reverse(name)).content.decode()
        assert reverse("exchange:template", args=["shipments"]) in shown
        assert reverse("exchange:upload", args=["shipments"]) in shown
        hidden = as_user(analyst).get(reverse(name)).content.decode()
        assert reverse("exchange:upload", args=["shipments"]) not in hidden


def test_the_hub_tables_download(as_user, coordinator, shipment_de):
    client = as_user(coordinator)
    throughput = assert_xlsx_matches_csv(
        client, reverse("logistics:hubs"), ["Hub", "Month", "Shipments", "Tonnes"]
    )
    assert throughput[1][:3] == ["Rzeszów-Jasionka", dt.datetime(2026, 3, 1), 1]
    hubs = assert_xlsx_matches_csv(
        client, reverse("logistics:hubs") + "?table=hubs", ["Hub", "Country", "Role"]
    )
    assert {r[0] for r in hubs[1:]} == {"Rzeszów-Jasionka", "Wiesbaden"}


def test_repair_orders_download_sort_and_filter(as_user, planner, parties, items, settings):
    for n, day in enumerate((9, 2, 5)):
        repair_order_create(
            actor=planner,
            item_type=items["gepard"],
            quantity=n + 1,
            facility="Unterlüß works",
            facility_party=parties["DEU"],
            sent_on=dt.date(2026, 2, day),
            expected_return=dt.date(2026, 6, 1),
        )
    client = as_user(planner)
    rows = assert_xlsx_matches_csv(
        client, reverse("logistics:repairs") + "?sort=sent", ["Reference", "Item type", "Quantity"]
    )
    assert [r[2] for r in rows[1:]] == [2, 3, 1]
    assert rows[1][rows[0].index("Status")] == "Sent for repair"
    RepairOrder.objects.filter(quantity=1).update(status="in_repair")
    only = xlsx_rows(client, reverse("logistics:repairs") + "?status=in_repair")
    assert [r[2] for r in only[1:]] == [1]
    settings.NSATU_PAGE_SIZE = 2
    page = client.get(reverse("logistics:repairs") + "?sort=-quantity").content.decode()
    assert 'data-sort="descending"' in page and "1–2" in page


def test_the_board_names_the_late_milestone_not_its_code(as_user, liaison_de, shipment_de):
    page = as_user(liaison_de).get(reverse("logistics:board")).content.decode()
    late = re.search(r'data-testid="late">([^<]+)<', page)
    assert late is not None and "at_hub" not in late.group(1) and "dispatched" not in late.group(1)


def test_the_pages_read_in_ukrainian(as_user, coordinator, shipment_de):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    listing = client.get(reverse("logistics:list")).content.decode()
    assert "<h1>Перелік відправлень</h1>" in listing and "Заплановано" in listing
    board = client.get(reverse("logistics:board")).content.decode()
    assert "<h1>Відправлення</h1>" in board
    header = xlsx_rows(client, reverse("logistics:list"))[0]
    assert header[:2] == ["Номер", "Донор"]


def test_the_late_notice_reads_in_the_liaisons_language(coordinator, liaison_de, shipment_de):
    liaison_de.language = "uk"
    liaison_de.email = "weber@example.org"
    liaison_de.save()
    shipments_notify_late(actor=coordinator, today=dt.date(2026, 3, 4))
    notice = Notification.objects.get()
    assert notice.subject.startswith("Відправлення SHP-") and "відправлення" in notice.subject
    assert "dispatched" not in notice.subject
    assert "прострочено на 3 дн." in mail.outbox[0].body
