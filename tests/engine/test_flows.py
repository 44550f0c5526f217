from decimal import Decimal as D

import pytest

from nsatu.engine.flows import FlowChainError, FlowEdge, flow_totals


def test_a_chain_through_a_fund_counts_each_euro_once():
    # Norway pays PURL 100; PURL buys 80 from a US supplier; the supplier delivers 80 to Ukraine. Germany gives 50.
    flows = [
        FlowEdge(1, None, "NOR", "PURL", D(100)),
        FlowEdge(2, 1, "PURL", "USA", D(80)),
        FlowEdge(3, 2, "USA", "UKR", D(80)),
        FlowEdge(4, None, "DEU", "UKR", D(50)),
    ]
    totals = flow_totals(flows)
    assert totals.total == D(150)
    assert totals.by_donor == {"NOR": D(100), "DEU": D(50)}
    # 20 stays in the fund (its balance), 130 reaches Ukraine.
    assert totals.by_recipient == {"PURL": D(20), "UKR": D(130)}
    assert sum(totals.by_recipient.values()) == totals.total


def test_children_passing_on_more_than_their_parent_is_an_error():
    with pytest.raises(FlowChainError, match="more than"):
        flow_totals([FlowEdge(1, None, "NOR", "PURL", D(10)), FlowEdge(2, 1, "PURL", "UKR", D(11))])
