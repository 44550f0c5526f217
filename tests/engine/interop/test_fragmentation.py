"""Types, effective types, ammunition and maintenance families and the burden, worked out by hand."""

from __future__ import annotations

import pytest

from nsatu.engine.interop.compat import compatibility_graph
from nsatu.engine.interop.fragmentation import (
    by_area_and_calibre,
    fragmentation,
    fragmentation_of,
    offer_effect,
)
from tests.engine.interop.conftest import A, B, C, D, E, P


def test_artillery_group_by_hand(items):
    [art] = fragmentation({A: 6, B: 2, C: 8, D: 100}, items)
    assert art.group == "artillery"
    assert [(name, q) for _i, name, q in art.types] == [
        ("2S3 Akatsiya", 8),
        ("M109A5", 6),
        ("M109A6 Paladin", 2),
    ]
    assert art.units == 16  # the 100 shells are consumed, not fielded
    # (6/16)^2 + (2/16)^2 + (8/16)^2 = 104/256
    assert art.hhi == pytest.approx(104 / 256)
    assert art.effective_types == pytest.approx(256 / 104)
    assert art.ammunition_families == ("152mm Soviet", "155mm NATO")
    assert art.maintenance_families == ("2S3 Akatsiya", "M109 family")
    assert art.burden == 4
    assert art.type_count == 3


def test_groups_by_area_and_by_calibre(items):
    rows = fragmentation({A: 6, B: 2, C: 8, P: 3}, items)
    assert [(r.group, r.type_count, r.burden) for r in rows] == [
        ("air_defence", 1, 2),
        ("artillery", 3, 4),
    ]
    by_calibre = {r.group: r for r in fragmentation({A: 6, B: 2, C: 8}, items, by_area_and_calibre)}
    assert set(by_calibre) == {"artillery · 152 mm", "artillery · 155 mm"}
    assert by_calibre["artillery · 155 mm"].effective_types == pytest.approx(
        1 / ((6 / 8) ** 2 + (2 / 8) ** 2)
    )
    assert (
        by_calibre["artillery · 155 mm"].burden == 2
    )  # one ammunition family, one maintenance family


def test_an_offer_of_a_new_type_adds_a_type_and_two_chains(items):
    effect = offer_effect({A: 6, B: 2, C: 8}, items, item_id=E, units=4)
    assert effect is not None and effect.new_type
    assert (effect.before.type_count, effect.after.type_count) == (3, 4)
    assert (effect.before.burden, effect.after.burden, effect.burden_added) == (4, 6, 2)


def test_an_offer_of_a_fielded_type_evens_the_fleet_without_burden(items):
    effect = offer_effect({A: 6, B: 2, C: 8}, items, item_id=B, units=4)
    assert effect is not None and not effect.new_type and effect.burden_added == 0
    # 6, 6, 8 of 20: (36 + 36 + 64) / 400 = 0.34
    assert effect.after.effective_types == pytest.approx(1 / 0.34)
    assert effect.effective_types_change == pytest.approx(1 / 0.34 - 256 / 104)


def test_offers_of_munitions_or_unknown_types_have_no_effect(items):
    assert offer_effect({A: 1}, items, item_id=D, units=10) is None
    assert offer_effect({A: 1}, items, item_id=99, units=10) is None
    assert fragmentation_of("maritime", {A: 1}, items).type_count == 0


def test_compatibility_graph_links_types_through_ammunition_and_maintenance(items):
    graph = compatibility_graph(items.values())
    assert graph.neighbours(A) == {B}
    assert graph.families(A, "ammunition") == ("155mm NATO",)
    assert graph.members("maintenance", "M109 family") == (A, B)
    assert graph.components([A, B, C, E]) == [(A, B), (C,), (E,)]
