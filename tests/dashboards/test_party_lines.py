"""A donor's page reads that donor's aid lines alone: the same lines as the whole ledger's, and lists the first."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nsatu.aid.selectors import aid_ledger_get
from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.dashboards import selectors as dashboard_selectors
from nsatu.pledges.models import Pledge


def _pledges(parties, donor: str, item: ItemType, quantities: list[int], day: int) -> None:
    for n, quantity in enumerate(quantities):
        Pledge.objects.create(
            donor=parties[donor],
            recipient=parties["UKR"],
            owner=parties[donor],
            item_type=item,
            quantity=quantity,
            status="committed",
            announced_on=timezone.localdate() - dt.timedelta(days=day + n),
            releasability=Releasability.PUBLIC,
        )


def _lines(ledger, donor: str) -> list[tuple[str, frozenset[int], int]]:
    return sorted(
        (line.id, frozenset(a.pledge_id for a in line.attestations), line.committed)
        for line in ledger.lines
        if line.donor == donor
    )


def test_one_donors_lines_read_alone_equal_the_whole_ledgers(parties, coordinator) -> None:
    tank = ItemType.objects.create(name="Leopard 2A4", releasability=Releasability.PUBLIC)
    gun = ItemType.objects.create(name="PzH 2000", releasability=Releasability.PUBLIC)
    _pledges(parties, "DEU", tank, [14, 14, 4], day=40)  # two reports of one donation, and another
    _pledges(parties, "DEU", gun, [6], day=20)
    _pledges(
        parties, "POL", tank, [14, 14], day=40
    )  # the same figures from another donor never join
    whole = aid_ledger_get(user=coordinator)
    for donor in ("DEU", "POL"):
        alone = aid_ledger_get(user=coordinator, donor=donor)
        assert _lines(alone, donor) == _lines(whole, donor)
        assert {line.donor for line in alone.lines} == {donor}


def test_the_page_lists_the_first_lines_and_links_to_all(
    parties, coordinator, as_user, monkeypatch
) -> None:
    tank = ItemType.objects.create(name="Leopard 2A4", releasability=Releasability.PUBLIC)
    _pledges(parties, "DEU", tank, [1, 20, 300], day=10)
    monkeypatch.setattr(dashboard_selectors, "LINES_SHOWN", 1)
    body = as_user(coordinator).get("/parties/DEU/").content.decode()
    assert body.count("<tr data-line=") == 1
    assert 'href="/aid/?donor=DEU"' in body
    assert "The first 1 are listed here" in body


def test_the_item_type_page_lists_the_first_lines_and_a_write_shows_at_once(
    parties, coordinator, liaison_pl, as_user, monkeypatch
) -> None:
    tank = ItemType.objects.create(name="Leopard 2A4", releasability=Releasability.PUBLIC)
    _pledges(parties, "DEU", tank, [1, 20, 300], day=10)
    monkeypatch.setattr(dashboard_selectors, "LINES_SHOWN", 1)
    body = as_user(coordinator).get(f"/catalogue/{tank.pk}/").content.decode()
    assert body.count("<tr data-line=") == 1
    assert f'href="/aid/?item_type={tank.pk}"' in body
    first = dashboard_selectors.item_type_page_get(user=coordinator, pk=tank.pk)
    assert first.line_count > 1 and first.committed == 301
    # A new pledge (any write) changes the key: the next read has it, never the kept entry.
    _pledges(parties, "POL", tank, [7], day=400)
    after = dashboard_selectors.item_type_page_get(user=coordinator, pk=tank.pk)
    assert (after.line_count, after.committed) == (first.line_count + 1, 308)
    # Each reader his own entry: Poland's liaison does not see an owner-only German pledge.
    Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        owner=parties["DEU"],
        item_type=tank,
        quantity=1000,
        status="committed",
        announced_on=timezone.localdate() - dt.timedelta(days=900),
        releasability=Releasability.OWNER,
    )
    polish = dashboard_selectors.item_type_page_get(user=liaison_pl, pk=tank.pk)
    assert polish.committed == 308
    every = dashboard_selectors.item_type_page_get(user=liaison_pl, pk=tank.pk, every_line=True)
    assert len(every.lines) == polish.line_count
