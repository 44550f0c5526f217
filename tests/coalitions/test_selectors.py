"""The coalition page reads the one coverage, the aid ledger and the fragmentation, filtered to its area."""

from __future__ import annotations

import pytest

from nsatu.coalitions.selectors import coalition_index_get, coalition_page_get
from nsatu.core.errors import NotFound
from nsatu.core.models import Releasability
from nsatu.coverage.rows import figure, share, stage_figures
from nsatu.dashboards.selectors import requirement_rows_get
from nsatu.parties.models import Coalition, CoalitionMember, Party


def test_air_defence_coverage_is_the_requirement_pages_coverage(air, coordinator):
    page = coalition_page_get(user=coordinator, pk=air.coalition.pk)
    pages = {
        r.reference: c
        for r, c in requirement_rows_get(user=coordinator, capability_area="air_defence")
        if c is not None
    }
    shown = {r.reference: r for r in page.requirements}
    assert set(shown) == set(pages) and "UA-2026-0101" in shown
    for reference, c in pages.items():
        row = shown[reference]
        assert row.needed == figure(c.need.quantity)
        assert row.stages == stage_figures(c.stages)
        assert row.covered_share == share(c.covered_share)
    # firm German and Norwegian aid: 6 of 10 launchers; the Polish offer is only announced
    assert shown["UA-2026-0101"].committed == 6 and shown["UA-2026-0101"].announced == 9
    assert [(a.unit_kind, a.needed, a.covered_share) for a in page.areas] == [
        ("items", 10, share(page.requirements[0].covered_share))
    ]


def test_firm_aid_is_split_between_members_and_others(air, coordinator):
    aid = coalition_page_get(user=coordinator, pk=air.coalition.pk).aid
    assert [(d.code, d.committed) for d in aid.members] == [("DEU", 4)]
    assert sorted((d.code, d.committed) for d in aid.others) == [("NOR", 2), ("POL", 0)]
    assert (aid.members_committed, aid.others_committed) == (4, 2)


def test_leads_come_first_with_their_sources(air, analyst):
    page = coalition_page_get(user=analyst, pk=air.coalition.pk)
    assert [(m.party.code, m.lead, m.source_url) for m in page.members] == [
        ("DEU", True, "https://example.org/iamd-leads"),
        ("USA", False, "https://example.org/iamd-members"),
    ]
    assert [m.party.code for m in page.leads] == ["DEU"]


def test_an_owner_only_coalition_is_hidden_from_other_nations(parties, liaison_de, liaison_pl):
    secret = Coalition.objects.create(
        name="Polish planning cell",
        capability_area="armour",
        owner=parties["POL"],
        releasability=Releasability.OWNER,
    )
    with pytest.raises(NotFound):
        coalition_page_get(user=liaison_de, pk=secret.pk)
    assert coalition_page_get(user=liaison_pl, pk=secret.pk).coalition == secret
    assert secret not in coalition_index_get(user=liaison_de).coalitions


def test_a_hidden_member_party_is_not_named(air, parties, liaison_de):
    hidden = Party.objects.create(
        code="XKS", name="Hidden Land", owner=parties["POL"], releasability=Releasability.OWNER
    )
    CoalitionMember.objects.create(coalition=air.coalition, party=hidden)
    members = coalition_page_get(user=liaison_de, pk=air.coalition.pk).members
    flags = {m.party_id: m.party_seen for m in members}
    assert flags[hidden.pk] is False and flags[parties["DEU"].pk] is True


def test_the_list_filters_and_sorts(air, parties, coordinator):
    Coalition.objects.create(
        name="Artillery Capability Coalition",
        capability_area="artillery",
        established="2024-01",
        udcg=True,
        releasability=Releasability.PUBLIC,
    )
    Coalition.objects.create(
        name="Czech ammunition initiative",
        capability_area="artillery",
        established="2024-02",
        releasability=Releasability.PUBLIC,
    )
    names = [
        c.name
        for c in coalition_index_get(user=coordinator, capability_area="artillery").coalitions
    ]
    assert names == ["Artillery Capability Coalition", "Czech ammunition initiative"]
    latest = coalition_index_get(user=coordinator, order="-established").coalitions
    assert [c.established for c in latest] == ["2024-02", "2024-01", "2023-11"]
    assert [c.name for c in coalition_index_get(user=coordinator, udcg=False).coalitions] == [
        "Czech ammunition initiative"
    ]
    assert [c.name for c in coalition_index_get(user=coordinator, search="USA").coalitions] == [
        air.coalition.name
    ]
    by_size = coalition_index_get(user=coordinator, order="-member_count").coalitions
    assert by_size[0] == air.coalition and by_size[0].member_count == 2
