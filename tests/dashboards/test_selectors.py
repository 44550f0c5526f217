"""The page selectors of the pages composing several domains: every coverage figure is the one coverage."""

from __future__ import annotations

from decimal import Decimal

from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.dashboards.selectors import (
    item_type_page_get,
    overview_get,
    party_page_get,
    requirement_detail_get,
    requirement_index_get,
    requirement_rows_get,
)


def test_requirement_coverage_counts_the_pledges_the_reader_may_see(web_data, coordinator, planner):
    index = requirement_index_get(user=coordinator, status="published")
    # As a set: one of the two has no needed-by date, which SQLite sorts first and PostgreSQL last.
    assert {r.reference for r in index.page.object_list} == {"UA-2025-0004", "UA-2025-0001"}
    shells = index.coverage[web_data.published.pk]
    # Germany's 50,000 earmarked committed; Poland's 30,000 only announced (cumulative: 80,000).
    assert (shells.stages.committed, shells.stages.announced) == (50_000, 80_000)
    assert shells.covered_share == Decimal("0.25")
    assert not index.may_create and requirement_index_get(user=planner).may_create
    rows = {r.reference: c for r, c in requirement_rows_get(user=coordinator)}
    assert rows["UA-2025-0001"] is not None and rows["UA-2025-0001"].stages.announced == 80_000
    # Not published, so not covered: no figure, rather than a 0 that would read as "nothing came".
    assert rows["UA-2025-0002"] is None
    detail = requirement_detail_get(user=coordinator, pk=web_data.published.pk)
    assert detail.coverage is not None and detail.coverage.stages.committed == 50_000
    assert detail.transitions == ["closed", "cancelled"]
    assert [s.key for s in detail.stages] == [
        "announced",
        "committed",
        "allocated",
        "shipped",
        "delivered",
        "in_service",
    ]
    assert {part.donor for part in detail.lines} == {"DEU", "POL"}
    assert requirement_detail_get(user=coordinator, pk=web_data.submitted.pk).coverage is None


def test_every_page_selector_reads_the_one_coverage(web_data, coordinator):
    one = requirement_coverage_get(user=coordinator)
    overview = overview_get(user=coordinator)
    assert [r.coverage for r in overview.rows] == list(one.result.requirements)
    assert overview.areas == one.result.areas
    index = requirement_index_get(user=coordinator)
    for pk, c in index.coverage.items():
        assert c == one.of(pk)
        assert requirement_detail_get(user=coordinator, pk=pk).coverage == c
    item = item_type_page_get(user=coordinator, pk=web_data.shell.pk)
    assert [r.coverage for r in item.serves] == [one.of(web_data.published.pk)]


def test_party_and_item_pages_list_the_visible_pledges_and_each_aid_line_once(
    web_data, liaison_pl, coordinator
):
    party = party_page_get(user=liaison_pl, code="DEU")
    assert web_data.german_pledge in party.pledges.object_list
    assert web_data.german_secret not in party.pledges.object_list
    assert party.kiel is not None and not party.may_edit
    assert party_page_get(user=coordinator, code="DEU").may_edit
    # The liaison of Poland sees Germany's participants pledge, not its owner-only package.
    assert [r.line.donor for r in party.lines] == ["DEU"]
    assert party.in_kind_committed == 50_000 and party.attestations == 1
    item = item_type_page_get(user=liaison_pl, pk=web_data.shell.pk)
    assert {p.pk for p in item.pledges.object_list} == {
        web_data.german_pledge.pk,
        web_data.polish_pledge.pk,
    }
    assert sorted(r.name for r in item.lines) == ["Germany", "Poland"]
    assert (item.committed, item.attestations) == (50_000, 2)
