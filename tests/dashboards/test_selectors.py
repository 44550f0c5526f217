"""The page selectors of the pages composing several domains."""

from __future__ import annotations

from decimal import Decimal

from nsatu.dashboards.selectors import (
    item_type_page_get,
    party_page_get,
    requirement_detail_get,
    requirement_index_get,
    requirement_rows_get,
)


def test_requirement_coverage_counts_the_pledges_the_reader_may_see(web_data, coordinator, planner):
    index = requirement_index_get(user=coordinator, status="published")
    # As a set: one of the two has no needed-by date, which SQLite sorts first and PostgreSQL last.
    assert {r.reference for r in index.page.object_list} == {"UA-2025-0004", "UA-2025-0001"}
    assert index.coverage[web_data.published.pk].firm == Decimal(50_000)
    assert not index.may_create and requirement_index_get(user=planner).may_create
    rows = dict((r.reference, c.announced) for r, c in requirement_rows_get(user=coordinator))
    assert rows["UA-2025-0001"] == Decimal(30_000)
    detail = requirement_detail_get(user=coordinator, pk=web_data.published.pk)
    assert detail.coverage.firm == Decimal(50_000) and detail.transitions == ["closed", "cancelled"]


def test_party_and_item_pages_list_the_visible_pledges(web_data, liaison_pl, coordinator):
    party = party_page_get(user=liaison_pl, code="DEU")
    assert web_data.german_pledge in party.pledges.object_list
    assert web_data.german_secret not in party.pledges.object_list
    assert party.kiel is not None and not party.may_edit
    assert party_page_get(user=coordinator, code="DEU").may_edit
    item = item_type_page_get(user=liaison_pl, pk=web_data.shell.pk)
    assert {p.pk for p in item.pledges.object_list} == {
        web_data.german_pledge.pk,
        web_data.polish_pledge.pk,
    }
