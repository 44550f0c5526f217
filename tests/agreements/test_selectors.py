from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.agreements.selectors import (
    agreement_count_signed,
    agreement_index_get,
    agreement_link_resolve,
    agreement_list,
    agreement_timeline,
    agreement_years,
)
from nsatu.agreements.services import agreement_link_pledge
from nsatu.core.errors import NotFound, ValidationError
from tests.agreements.conftest import BN

EVE = dt.date(2024, 7, 9)


def test_count_and_timeline_only_over_visible_agreements(
    scene, coordinator, liaison_pl, liaison_de
):
    # Poland's agreement is owner-only: the command does not see it, Poland does, Germany does not.
    assert agreement_count_signed(user=liaison_pl, on=EVE) == 3
    assert agreement_count_signed(user=coordinator, on=EVE) == 2
    assert agreement_count_signed(user=liaison_de, on=dt.date(2024, 7, 7)) == 2
    assert agreement_count_signed(user=liaison_de, on=dt.date(2024, 2, 15)) == 0
    assert agreement_timeline(user=liaison_pl) == [
        (dt.date(2024, 2, 16), 1),
        (dt.date(2024, 5, 31), 2),
        (dt.date(2024, 7, 8), 3),
    ]
    assert scene.pl_secret not in agreement_list(user=liaison_de)


def test_delivered_counts_delivered_pledges_against_the_amount_committed(scene, coordinator):
    before = {y.year: y for y in agreement_years(user=coordinator, agreement=scene.de).rows}
    assert (before[2025].committed_eur, before[2025].delivered_eur, before[2025].met) == (
        BN,
        0,
        False,
    )
    agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)
    agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de_announced)
    years = agreement_years(user=coordinator, agreement=scene.de)
    [y2025] = years.rows
    # The announced pledge is linked but not delivered: it does not count.
    assert (y2025.delivered_eur, y2025.met) == (Decimal("600000000"), False)
    assert y2025.delivered_pct_gdp == Decimal("600000000") / (4000 * BN) * 100
    assert [r.delivered for r in years.links] == [True, False]


def test_a_gdp_share_commitment_is_judged_on_the_partners_gdp(scene, coordinator):
    [y] = agreement_years(user=coordinator, agreement=scene.no).rows
    assert (y.committed_eur, y.gdp_share_pct, y.met) == (
        Decimal("1000000000"),
        Decimal("0.25"),
        False,
    )
    agreement_link_pledge(actor=coordinator, agreement=scene.no, pledge=scene.pledge_no)
    [y] = agreement_years(user=coordinator, agreement=scene.no).rows
    assert (y.delivered_eur, y.delivered_pct_gdp, y.met) == (
        Decimal("1200000000"),
        Decimal("0.3"),
        True,
    )


def test_a_hidden_linked_pledge_is_not_counted_for_those_who_cannot_see_it(
    scene, coordinator, liaison_de, liaison_pl
):
    agreement_link_pledge(actor=liaison_de, agreement=scene.de, pledge=scene.pledge_de_owner)
    [mine] = agreement_years(user=liaison_de, agreement=scene.de).rows
    [theirs] = agreement_years(user=coordinator, agreement=scene.de).rows
    assert (mine.delivered_eur, theirs.delivered_eur) == (Decimal("100000000"), 0)
    assert agreement_years(user=liaison_pl, agreement=scene.de).links == []


def test_the_index_counts_by_a_date_and_by_the_summits_eve(scene, liaison_pl):
    index = agreement_index_get(user=liaison_pl, on=dt.date(2024, 6, 1))
    assert (index.count_on, index.count_eve, index.undated) == (2, 3, 0)
    assert len(index.agreements) == len(index.timeline) == 3


def test_a_hidden_pledge_named_for_a_link_is_a_field_error(scene, liaison_de, liaison_pl):
    refs = agreement_link_resolve(
        user=liaison_de, pk=scene.de.pk, pledge=scene.pledge_de.pk, flow=None
    )
    assert (refs.agreement, refs.pledge, refs.flow) == (scene.de, scene.pledge_de, None)
    with pytest.raises(ValidationError) as hidden:  # Germany's owner-only pledge, asked by Poland
        agreement_link_resolve(
            user=liaison_pl, pk=scene.de.pk, pledge=scene.pledge_de_owner.pk, flow=None
        )
    assert list(hidden.value.message_dict) == ["pledge"]
    with pytest.raises(NotFound):
        agreement_link_resolve(user=liaison_de, pk=scene.pl_secret.pk, pledge=None, flow=None)
