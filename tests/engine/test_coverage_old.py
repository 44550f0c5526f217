from decimal import Decimal as D

from nsatu.engine.coverage_old import (
    PledgeOffer,
    RequirementNeed,
    coverage_by_area,
    coverage_by_requirement,
)


def test_only_committed_and_above_count_announced_is_apart():
    needs = [RequirementNeed(1, D(10), "artillery")]
    offers = [
        PledgeOffer(1, 1, D(3), "announced"),
        PledgeOffer(2, 1, D(2), "committed"),
        PledgeOffer(3, 1, D(1), "allocated"),
        PledgeOffer(4, 1, D(4), "delivered"),
        PledgeOffer(5, 1, D(9), "withdrawn"),
        PledgeOffer(6, None, D(9), "committed"),
    ]
    (cov,) = coverage_by_requirement(needs, offers)
    assert cov.firm == D(7)
    assert cov.announced == D(3)
    assert cov.gap == D(3)
    assert cov.firm_share == D("0.7")


def test_surplus_on_one_requirement_does_not_fill_another_in_area_totals():
    needs = [RequirementNeed(1, D(10), "armour"), RequirementNeed(2, D(10), "armour")]
    offers = [PledgeOffer(1, 1, D(15), "committed")]
    covs = coverage_by_requirement(needs, offers)
    assert covs[0].over == D(5)
    (area,) = coverage_by_area(needs, covs)
    assert area.firm_capped == D(10)
    assert area.share == D("0.5")
