"""The pages' figures from the database, through visibility: an aggregate never counts a record the reader
cannot see."""

from __future__ import annotations

import pytest

from nsatu.core.errors import NotFound
from nsatu.engine.interop.scenario import donors_of
from nsatu.resilience.horizon import horizon_for
from nsatu.resilience.presets import preset_rules
from nsatu.resilience.selectors import (
    concentration_get,
    consolidation_get,
    duplicate_list,
    fleet_register_get,
    fragmentation_list,
    scenario_compare,
)
from tests.resilience.world import AS_OF

HORIZON = horizon_for(as_of=AS_OF, months=12)


def _art(rows):
    [row] = [f for f in rows if f.group == "artillery"]
    return row


def test_fleet_register_counts_sipri_once_and_keeps_oryx_and_kiel_as_sources(small, coordinator):
    view = fleet_register_get(user=coordinator)
    by_key = {(r.entry.donor, r.item.name): r for r in view.rows}
    usa = by_key[("USA", "M777")]
    assert usa.entry.quantity == 10 and usa.counted == ["sipri row 1"]
    assert usa.also == ["kiel-weapons row 1: 15 committed", "oryx row 1: 12"]
    assert by_key[("POL", "PzH 2000")].entry.quantity == 4  # Oryx: SIPRI has nothing for the pair
    assert set(by_key) == {("USA", "M777"), ("POL", "PzH 2000"), ("DEU", "FH70")}


def test_fragmentation_of_the_fleet(small, analyst):
    art = _art(fragmentation_list(user=analyst))
    # M777 10, PzH 2000 4, FH70 2: HHI = (100 + 16 + 4) / 256
    assert [(name, q) for _i, name, q in art.types] == [("M777", 10), ("PzH 2000", 4), ("FH70", 2)]
    assert art.effective_types == pytest.approx(256 / 120)
    assert art.ammunition_families == ("155mm NATO",) and art.burden == 4


def test_owner_only_pledge_counts_for_its_owner_only(small, liaison_de, liaison_pl, coordinator):
    def art1(user):
        result = scenario_compare(user=user, rules=[], horizon=HORIZON)
        return result.baseline.of(small.art1.pk)

    # ART-1 (M777, substitute FH70): fielded USA 10 + DEU FH70 2, USA's open 6 arriving in December.
    assert art1(liaison_pl).stages.committed == 18
    assert dict(donors_of(art1(liaison_pl))) == {"USA": 16, "DEU": 2}
    assert art1(coordinator).stages.committed == 18
    # Germany alone sees its owner-only 5 M777: the M777 come before the FH70 substitute, 4 of them fill it.
    assert art1(liaison_de).stages.committed == 20
    assert dict(donors_of(art1(liaison_de))) == {"USA": 16, "DEU": 4}


def test_united_states_stops_preset(small, coordinator):
    c = scenario_compare(
        user=coordinator, rules=preset_rules("usa-stops", as_of=AS_OF), horizon=HORIZON
    )
    assert {d.key: (d.base, d.scenario) for d in c.by_requirement} == {
        "ART-1": (18, 12),
        "ART-2": (4, 4),
    }
    assert (c.by_area[0].key, c.by_area[0].unit_kind, c.by_area[0].change) == (
        "artillery",
        "items",
        -6,
    )
    assert c.effects[0].units_stopped == 6
    with pytest.raises(NotFound):
        preset_rules("france-stops", as_of=AS_OF)


def test_announced_offers_are_apart_and_concentration_per_requirement(small, coordinator):
    view = concentration_get(user=coordinator, horizon=HORIZON)
    req = {k.key: k for k in view.requirements}
    # Poland: Oryx's 4 delivered and the 3 its liaison entered are one donation on the aid ledger.
    assert req["ART-2"].single_donor and req["ART-2"].units == 4
    assert req["ART-1"].hhi == pytest.approx((16 / 18) ** 2 + (2 / 18) ** 2)
    assert [k.key for k in view.single_donor] == ["ART-2"]


def test_consolidation_flags_a_new_type_for_few_units(small, coordinator):
    c = consolidation_get(user=coordinator, horizon=HORIZON)
    [review] = c.reviews
    assert (review.name, review.units, review.effect.burden_added) == ("L119", 4, 2)
    [art] = c.standardise
    assert [t.name for t in art.core] == ["M777", "PzH 2000"]  # 14 of 16 units: 87.5 %
    assert c.over == []


def _groups(user) -> dict[tuple[str, str], list[int]]:
    return {
        (g.donor, g.keep.dataset): sorted(r.pledge_id for r in g.merged_sources)
        for g in duplicate_list(user=user)
    }


def test_a_receipt_entered_twice_is_a_duplicate_of_the_register_row_for_those_who_see_it(
    small, parties, liaison_pl, liaison_de
):
    from nsatu.core.models import Releasability
    from nsatu.pledges.models import Pledge, PledgeStatus

    # The report is the aid ledger's lines of several records: SIPRI keeps the US M777 that Oryx and Kiel
    # report too, Oryx the Polish PzH 2000 that Poland's liaison entered.
    before = _groups(liaison_pl)
    assert set(before) == {("USA", "sipri"), ("POL", "oryx")} and len(before[("USA", "sipri")]) == 2
    entered = Pledge.objects.create(
        donor=parties["POL"],
        owner=parties["POL"],
        recipient=parties["UKR"],
        item_type=small.pzh,
        quantity=4,
        status=PledgeStatus.DELIVERED,
        releasability=Releasability.OWNER,
    )
    assert entered.pk in _groups(liaison_pl)[("POL", "oryx")]
    # Poland's owner-only record is not Germany's to see.
    assert entered.pk not in _groups(liaison_de)[("POL", "oryx")]


def test_hidden_item_types_count_for_nobody_who_cannot_see_them(
    small, liaison_pl, liaison_no, parties
):
    from nsatu.core.models import Releasability

    small.l119.owner = parties["NOR"]
    small.l119.releasability = Releasability.OWNER
    small.l119.save()
    assert [r.name for r in consolidation_get(user=liaison_no, horizon=HORIZON).reviews] == ["L119"]
    assert consolidation_get(user=liaison_pl, horizon=HORIZON).reviews == []
