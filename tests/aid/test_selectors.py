"""The ledger as each reader sees it: figures from visible attestations only, hidden lines do not exist."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nsatu.aid.selectors import (
    aid_ledger_get,
    aid_line_get,
    aid_line_index_get,
    aid_line_list,
    aid_proposal_list,
)
from nsatu.aid.services import link_decision_confirm
from nsatu.catalogue.models import ItemType
from nsatu.core.errors import NotFound
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge


def _ids(line) -> list[int]:
    return sorted(a.pledge_id for a in line.attestations)


def test_one_donation_from_three_registers_is_one_line(aid_world, liaison_pl):
    w = aid_world
    ledger = aid_ledger_get(user=liaison_pl)
    line = ledger.line_of(w.kiel_leopard.pk)
    assert _ids(line) == sorted([w.kiel_leopard.pk, w.sipri_leopard.pk, w.oryx_leopard.pk])
    assert (line.committed, line.delivered) == (8, 8)


def test_a_liaison_of_poland_sees_neither_norways_owner_only_attestation_nor_its_line(
    aid_world, liaison_pl, liaison_no
):
    w = aid_world
    polish = aid_ledger_get(user=liaison_pl)
    seen = {a.pledge_id for line in polish.lines for a in line.attestations}
    assert w.entered_leopard.pk not in seen and w.secret_m777.pk not in seen
    with pytest.raises(NotFound):
        aid_line_get(user=liaison_pl, line_id=f"L{w.secret_m777.pk}")
    assert all(
        "M777 for the spring" not in s.description
        for v in aid_line_list(user=liaison_pl)
        for s in v.sources
    )
    assert aid_line_list(user=liaison_pl, q="spring") == []
    # Norway's own liaison sees its entry on the same line; the line's committed figure is its own.
    norwegian = aid_ledger_get(user=liaison_no)
    line = norwegian.line_of(w.entered_leopard.pk)
    assert w.kiel_leopard.pk in _ids(line) and len(line.attestations) == 4
    assert aid_line_get(user=liaison_no, line_id=f"L{w.secret_m777.pk}").view.line.committed == 6


def test_a_grey_zone_pair_is_proposed_and_a_confirmation_makes_it_one_line(aid_world, coordinator):
    w = aid_world
    [proposal] = aid_proposal_list(user=coordinator)
    assert (proposal.match.first, proposal.match.second) == (w.sipri_aim7.pk, w.oryx_aim7.pk)
    assert proposal.first.dataset == "sipri" and proposal.second_line == f"L{w.oryx_aim7.pk}"
    link_decision_confirm(actor=coordinator, first_id=w.oryx_aim7.pk, second_id=w.sipri_aim7.pk)
    assert aid_proposal_list(user=coordinator) == []
    detail = aid_line_get(user=coordinator, line_id=f"L{w.sipri_aim7.pk}")
    assert "delivered" in detail.view.line.disagreements
    assert [d.verdict for d in detail.decisions] == ["confirm"]
    assert {f.source.pledge_id: f.delivered for f in detail.figures} == {
        w.sipri_aim7.pk: 253,
        w.oryx_aim7.pk: 287,
    }


def test_the_remainder_offer_is_an_illustrative_line_of_its_own(aid_world, coordinator):
    line = aid_ledger_get(user=coordinator).line_of(aid_world.remainder.pk)
    assert line.illustrative and line.committed == 0
    assert line.figures_of(aid_world.remainder.pk) == {"offered": 12}


def test_filters_by_donor_item_type_and_text(aid_world, coordinator):
    assert {v.line.donor for v in aid_line_list(user=coordinator, donor="nor")} == {"NOR"}
    [leopards] = aid_line_list(user=coordinator, item_type=aid_world.leopard.pk)
    assert leopards.item_name == "Leopard 2A4" and leopards.donor_name == "Norway"
    assert [v.line.donor for v in aid_line_list(user=coordinator, q="sparrow")] == ["POL"]
    index = aid_line_index_get(user=coordinator)
    assert ("NOR", "Norway") in index.donors and index.proposals == 1 and index.may_decide


def test_reads_take_a_flat_number_of_queries(
    aid_world, parties, coordinator, django_assert_num_queries
):
    with django_assert_num_queries(2):
        aid_ledger_get(user=coordinator)
    line_id = f"L{aid_world.kiel_leopard.pk}"
    with django_assert_num_queries(3):
        aid_line_get(user=coordinator, line_id=line_id)
    for n in range(30):
        Pledge.objects.create(
            donor=parties["DEU"],
            recipient=parties["UKR"],
            item_type=aid_world.m777,
            quantity=n + 1,
            owner=parties["DEU"],
            releasability="public",
        )
    with django_assert_num_queries(2):
        aid_ledger_get(user=coordinator)
    with django_assert_num_queries(3):
        aid_line_get(user=coordinator, line_id=line_id)


def test_an_item_type_the_reader_may_not_see_is_neither_named_nor_matched(
    aid_world, parties, liaison_pl, liaison_de
):
    secret = ItemType.objects.create(
        name="Prototype drone X", owner=parties["DEU"], releasability="owner"
    )
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=secret,
        quantity=3,
        description="drones",
        owner=parties["DEU"],
        releasability="public",
    )
    polish = aid_ledger_get(user=liaison_pl).line_of(pledge.pk)
    assert polish.item_id is None
    assert all("Prototype" not in v.item_name for v in aid_line_list(user=liaison_pl))
    assert aid_line_list(user=liaison_pl, q="prototype") == []
    assert aid_ledger_get(user=liaison_de).line_of(pledge.pk).item_id == secret.pk


def test_an_earmark_the_reader_may_not_see_is_no_earmark_to_him(
    aid_world, parties, liaison_pl, coordinator
):
    need = Requirement.objects.create(
        reference="UA-C-44",
        title="Counter-battery radars",
        capability_area="air_defence",
        quantity=Decimal(2),
        priority=1,
        owner=parties["UKR"],
        status=RequirementStatus.PUBLISHED,
        releasability="command",
    )
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=aid_world.m777,
        quantity=2,
        owner=parties["DEU"],
        releasability="public",
        requirement=need,
    )

    def earmark(user) -> int | None:
        line = aid_ledger_get(user=user).line_of(pledge.pk)
        return next(a.requirement_id for a in line.attestations if a.pledge_id == pledge.pk)

    assert earmark(liaison_pl) is None
    assert earmark(coordinator) == need.pk
