"""Which types to standardise on, and which offers add a type for few units."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nsatu.engine.interop.consolidation import Offer, offers_adding_types, standardise_on
from tests.engine.interop.conftest import A, B, C, D, E, P


def test_core_is_the_smallest_set_holding_eighty_percent(items):
    [art] = standardise_on({A: 70, B: 20, C: 10}, items)
    assert [t.name for t in art.core] == ["M109A5", "M109A6 Paladin"]
    assert art.core_share == pytest.approx(0.9)
    assert [(t.name, t.units) for t in art.others] == [("2S3 Akatsiya", 10)]


def test_a_type_a_requirement_asks_for_stays_in_the_core(items):
    [art] = standardise_on({A: 70, B: 20, C: 10}, items, requested=[C])
    assert [t.name for t in art.core] == [
        "M109A5",
        "M109A6 Paladin",
        "2S3 Akatsiya",
    ] and art.others == ()


def test_few_units_of_a_new_type_are_candidates_with_alternatives_and_swap_partners(items):
    fleet = {A: 70, B: 20, C: 10}
    offers = [
        Offer(1, "NOR", E, 4, True),
        Offer(2, "DEU", E, 5, False),
        Offer(3, "USA", A, 10, True),
        Offer(4, "POL", P, 30, True),
        Offer(5, "DEU", D, 5, True),
    ]
    [review] = offers_adding_types(offers, fleet, items)
    assert (review.name, review.units) == ("L119", 9)
    assert [o.pledge_id for o in review.offers] == [1, 2]
    assert review.effect.burden_added == 2
    # No fielded type fires 105mm: the alternatives are the artillery core, and USA offers one of them.
    assert [a.name for a in review.alternatives] == ["M109A5", "M109A6 Paladin"]
    assert review.swap_donors == ("USA",)


def test_enough_units_or_a_fielded_type_or_a_compatible_family_decide(items):
    assert offers_adding_types([Offer(1, "NOR", E, 12, True)], {A: 10}, items) == []
    assert offers_adding_types([Offer(1, "NOR", A, 2, True)], {A: 10}, items) == []
    [review] = offers_adding_types([Offer(1, "NOR", B, 2, True)], {A: 10, C: 5}, items)
    assert [a.name for a in review.alternatives] == ["M109A5"]  # same 155mm family and a substitute
    assert review.effect.burden_added == 0  # same ammunition, same maintenance family


def test_a_type_of_the_same_calibre_is_an_alternative_even_without_a_recorded_family(items):
    catalogue = dict(items)
    catalogue[C] = replace(
        items[C], calibre_mm=items[E].calibre_mm, families=()
    )  # a 105mm gun, family unknown
    [review] = offers_adding_types([Offer(1, "NOR", E, 3, True)], {A: 10, C: 5}, catalogue)
    assert [a.name for a in review.alternatives] == ["2S3 Akatsiya"]
