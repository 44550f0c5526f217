import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from nsatu.engine.coverage import (
    STAGES,
    LineProgress,
    Need,
    Parcel,
    Stages,
    coverage_compute,
    line_parcels,
)
from nsatu.engine.ledger import AidLine, Attestation

TANK, TANK_OLD, SHELL_A, SHELL_B, DRONE = 1, 2, 3, 4, 5


def aid_line(
    line_id: str,
    *,
    item: int | None = TANK,
    committed: int = 0,
    delivered: int = 0,
    announced: int | None = None,
    donor: str = "NOR",
    statuses: tuple[str, ...] = ("committed",),
) -> AidLine:
    attestations = tuple(
        Attestation(
            pledge_id=i + 1,
            dataset="",
            donor=donor,
            recipient="UKR",
            kind="in_kind",
            item_id=item,
            status=s,
        )
        for i, s in enumerate(statuses)
    )
    return AidLine(
        id=line_id,
        donor=donor,
        recipient="UKR",
        kind="in_kind",
        item_id=item,
        attestations=attestations,
        links=(),
        announced=max(announced or 0, committed),
        committed=committed,
        delivered=delivered,
        value_eur=None,
        figures=(),
        disagreements=(),
        illustrative=False,
    )


def need(
    rid: int,
    quantity: int,
    *,
    eligible: tuple[int, ...] = (TANK,),
    priority: int = 3,
    area: str = "armour",
    kind: str = "items",
    needed_by: dt.date | None = None,
) -> Need:
    return Need(
        requirement_id=rid,
        reference=f"REQ-{rid:03}",
        title=f"Requirement {rid}",
        capability_area=area,
        unit_kind=kind,
        quantity=D(quantity),
        priority=priority,
        needed_by=needed_by,
        eligible=eligible,
    )


def pooled(line_id: str, item: int, *values: int, arrives: dt.date | None = None) -> Parcel:
    return Parcel(line_id, "NOR", item, None, Stages.of([D(v) for v in values]), arrives=arrives)


def test_line_stages_from_progress_earmark_and_receipts():
    line = aid_line("L1", committed=10)
    progress = LineProgress(earmarked={7: 6}, received=4)
    earmark, rest = line_parcels(line, progress)
    assert earmark.requirement_id == 7
    assert earmark.stages == Stages.of([D(x) for x in (6, 6, 6, 4, 4, 4)])
    assert rest.requirement_id is None
    assert rest.stages == Stages.of([D(x) for x in (4, 4, 0, 0, 0, 0)])


def test_line_shipped_counts_above_committed_and_announced_above_all():
    line = aid_line("L1", committed=2, announced=3)
    (only,) = line_parcels(line, LineProgress(shipped=3, received=1))
    # 1 received + 3 on the way = 4 shipped, more than the 2 committed: the line is at least that firm
    assert only.stages.as_tuple() == (4, 4, 4, 4, 1, 1)


def test_earmark_of_register_delivered_units_does_not_double_the_line():
    line = aid_line("L1", committed=8, delivered=8)
    parcels = line_parcels(line, LineProgress(earmarked={7: 8}))
    assert [p.stages.as_tuple() for p in parcels] == [(8, 8, 8, 8, 8, 8)]


def test_a_delivery_reported_by_a_register_and_received_in_nsatu_counts_once():
    # SIPRI reports 6 delivered; nsatu's receipts record the same 6 on a pledge of the line, 2 more ride
    line = aid_line("L1", committed=10, delivered=6)
    (only,) = line_parcels(line, LineProgress(received=6, shipped=2))
    assert only.stages.as_tuple() == (10, 10, 8, 8, 6, 6)


def test_receipts_beyond_the_register_raise_delivered_to_the_receipts():
    line = aid_line("L1", committed=10, delivered=3)
    (only,) = line_parcels(line, LineProgress(received=5))
    assert (only.stages.delivered, only.stages.shipped) == (5, 5)


def test_earmarks_above_the_firm_figure_share_it_and_never_raise_the_line():
    line = aid_line("L1", committed=10)
    parcels = line_parcels(line, LineProgress(earmarked={7: 9, 8: 6}))
    # 10 firm units across 9 + 6 asked: 6 and 4 (largest remainder, whole units)
    assert [(p.requirement_id, p.stages.as_tuple()) for p in parcels] == [
        (7, (6, 6, 6, 0, 0, 0)),
        (8, (4, 4, 4, 0, 0, 0)),
    ]
    total = sum((p.stages for p in parcels), Stages())
    assert total.committed == 10 and total.announced == 10


def test_apportioning_earmarks_is_deterministic_on_ties():
    line = aid_line("L1", committed=3)
    parcels = line_parcels(line, LineProgress(earmarked={9: 2, 4: 2}))
    assert [(p.requirement_id, p.stages.committed) for p in parcels] == [(4, 2), (9, 1)]


def test_an_earmark_on_a_line_only_announced_never_becomes_committed():
    line = aid_line("L1", announced=5, statuses=("announced",))
    parcels = line_parcels(line, LineProgress(earmarked={7: 5}))
    assert [(p.requirement_id, p.stages.as_tuple()) for p in parcels] == [
        (None, (5, 0, 0, 0, 0, 0))
    ]


def test_parcels_carry_the_kind_of_their_line_and_the_unit_kind_given():
    funds = replace(aid_line("L1", item=None, committed=100), kind="funds")
    (money,) = line_parcels(funds, LineProgress())
    assert money.kind == "funds"
    (shells,) = line_parcels(aid_line("L2", committed=4), LineProgress(unit_kind="rounds"))
    assert (shells.kind, shells.unit_kind) == ("in_kind", "rounds")


def test_withdrawn_line_gives_no_parcel():
    assert line_parcels(aid_line("L1", committed=5, statuses=("withdrawn",)), LineProgress()) == []


def test_earmark_counts_all_of_it_and_shows_over_coverage():
    parcels = line_parcels(aid_line("L1", committed=15), LineProgress(earmarked={1: 15}))
    result = coverage_compute([need(1, 10), need(2, 10)], parcels)
    first, second = result.of(1), result.of(2)
    assert first.stages.committed == 15
    assert first.over == 5 and first.gap == 0 and first.covered_share == 1
    assert second.stages.committed == 0
    (area,) = result.areas
    assert area.stages.committed == 10  # the excess on one does not fill the other
    assert area.covered_share == D("0.5")
    assert area.fully_covered == 1


def test_pooled_firm_aid_goes_to_the_most_pressing_first():
    parcels = [pooled("L1", TANK, 12, 12, 0, 0, 0, 0)]
    needs = [
        need(1, 10, priority=3),
        need(2, 10, priority=1, needed_by=dt.date(2027, 6, 1)),
        need(3, 10, priority=1, needed_by=dt.date(2027, 1, 1)),
    ]
    result = coverage_compute(needs, parcels)
    assert [r.need.requirement_id for r in result.requirements] == [3, 2, 1]
    assert [r.stages.committed for r in result.requirements] == [10, 2, 0]


def test_requirement_with_unearmarked_firm_aid_of_its_type_is_never_zero():
    parcels = line_parcels(aid_line("L1", committed=3, delivered=3), LineProgress())
    result = coverage_compute([need(1, 300)], parcels)
    cov = result.of(1)
    assert cov.stages.committed == 3 and cov.stages.in_service == 3
    assert cov.covered_share == D(1) / D(100)
    assert cov.by_line == (("L1", "NOR", cov.stages),)


def test_most_advanced_units_are_taken_first():
    # 4 delivered and 6 committed only, on two lines; the pressing requirement takes the delivered ones
    parcels = [pooled("L1", TANK, 6, 6, 0, 0, 0, 0), pooled("L2", TANK, 4, 4, 4, 4, 4, 4)]
    result = coverage_compute([need(1, 4, priority=1), need(2, 6, priority=2)], parcels)
    assert result.of(1).stages.as_tuple() == (4, 4, 4, 4, 4, 4)
    assert result.of(2).stages.as_tuple() == (6, 6, 0, 0, 0, 0)


def test_own_type_before_substitutes():
    parcels = [pooled("L1", TANK, 5, 5, 0, 0, 0, 0), pooled("L2", TANK_OLD, 5, 5, 5, 5, 5, 5)]
    result = coverage_compute([need(1, 8, eligible=(TANK, TANK_OLD))], parcels)
    by_line = {lid: s for lid, _, s in result.of(1).by_line}
    assert by_line["L1"].committed == 5
    assert by_line["L2"].committed == 3 and by_line["L2"].delivered == 3
    assert result.unused == ((TANK_OLD, Stages.of([D(2)] * 6)),)


def test_family_providers_serve_an_ammunition_requirement():
    parcels = [
        pooled("L1", SHELL_A, 100, 100, 0, 0, 0, 0),
        pooled("L2", SHELL_B, 50, 50, 50, 50, 50, 50),
    ]
    shells = need(1, 200, eligible=(SHELL_A, SHELL_B), area="artillery", kind="rounds")
    cov = coverage_compute([shells], parcels).of(1)
    assert cov.stages.committed == 150 and cov.stages.delivered == 50


def test_announced_fills_only_firm_gaps():
    parcels = [pooled("L1", TANK, 8, 6, 0, 0, 0, 0), pooled("L2", TANK, 30, 0, 0, 0, 0, 0)]
    cov = coverage_compute([need(1, 10)], parcels).of(1)
    assert cov.stages.committed == 6
    assert cov.stages.announced == 10  # 6 firm + 4 announced; the other 28 announced stay unused
    over = coverage_compute(
        [need(1, 10)],
        [pooled("L1", TANK, 12, 12, 0, 0, 0, 0), pooled("L2", TANK, 5, 0, 0, 0, 0, 0)],
    )
    assert over.of(1).stages.announced == 10


def test_units_arriving_after_the_horizon_are_beyond():
    horizon = dt.date(2027, 12, 31)
    parcels = [
        pooled("L1", TANK, 10, 10, 10, 10, 4, 4, arrives=dt.date(2028, 6, 1)),
        pooled("L2", TANK, 5, 5, 0, 0, 0, 0, arrives=dt.date(2027, 6, 1)),
        pooled("L3", TANK, 2, 2, 0, 0, 0, 0),
    ]
    result = coverage_compute([need(1, 100)], parcels, horizon=horizon)
    assert result.beyond == 6  # the 6 of L1 not yet delivered
    assert result.of(1).stages.as_tuple() == (11, 11, 4, 4, 4, 4)
    assert coverage_compute([need(1, 100)], parcels).of(1).stages.committed == 17


def test_out_of_service_reduces_in_service_only():
    parcels = [pooled("L1", TANK, 10, 10, 10, 10, 10, 10)]
    cov = coverage_compute([need(1, 10)], parcels, out_of_service={TANK: D(3)}).of(1)
    assert cov.stages.as_tuple() == (10, 10, 10, 10, 10, 7)
    # an earmarked parcel loses in-service units once the pooled ones are exhausted
    earmarked = Parcel("L2", "POL", TANK, 1, Stages.of([D(4)] * 6))
    both = coverage_compute([need(1, 20)], [*parcels, earmarked], out_of_service={TANK: D(12)})
    assert both.of(1).stages.delivered == 14 and both.of(1).stages.in_service == 2


def test_area_totals_per_unit_kind_never_mixed():
    needs = [
        need(1, 10, area="artillery", kind="items"),
        need(2, 1000, eligible=(SHELL_A,), area="artillery", kind="rounds"),
        need(3, 500, eligible=(SHELL_A,), area="artillery", kind="rounds"),
    ]
    parcels = [pooled("L1", TANK, 5, 5, 0, 0, 0, 0), pooled("L2", SHELL_A, 2000, 2000, 0, 0, 0, 0)]
    result = coverage_compute(needs, parcels)
    areas = {(a.capability_area, a.unit_kind): a for a in result.areas}
    assert set(areas) == {("artillery", "items"), ("artillery", "rounds")}
    assert areas[("artillery", "items")].needed == 10
    assert areas[("artillery", "items")].stages.committed == 5
    assert areas[("artillery", "rounds")].needed == 1500
    assert areas[("artillery", "rounds")].stages.committed == 1500
    assert areas[("artillery", "rounds")].fully_covered == 2


def test_weighted_share_weights_by_six_minus_priority():
    parcels = [pooled("L1", TANK, 10, 10, 0, 0, 0, 0)]
    needs = [need(1, 10, priority=1), need(2, 10, priority=5, eligible=(DRONE,))]
    result = coverage_compute(needs, parcels)
    assert result.weighted_share == D(5) / D(6)  # (5 x 1 + 1 x 0) / (5 + 1)


def test_earmark_for_a_requirement_outside_the_computation_serves_its_type():
    parcels = line_parcels(aid_line("L1", committed=5), LineProgress(earmarked={99: 5}))
    cov = coverage_compute([need(1, 10)], parcels).of(1)
    assert cov.stages.as_tuple() == (5, 5, 0, 0, 0, 0)


stage_values = st.lists(st.integers(0, 30), min_size=6, max_size=6).map(
    lambda xs: Stages.of([D(sum(xs[: len(xs) - i])) for i in range(6)])
)
parcel_strategy = st.builds(
    Parcel,
    line_id=st.sampled_from(["L1", "L2", "L3", "L4"]),
    donor=st.just("NOR"),
    item_id=st.sampled_from([TANK, TANK_OLD, SHELL_A, None]),
    requirement_id=st.sampled_from([None, None, 1, 2, 9]),
    stages=stage_values,
    arrives=st.sampled_from([None, dt.date(2027, 1, 1), dt.date(2029, 1, 1)]),
)
need_strategy = st.builds(
    need,
    st.integers(1, 4),
    st.integers(1, 60),
    eligible=st.lists(st.sampled_from([TANK, TANK_OLD, SHELL_A]), max_size=3).map(tuple),
    priority=st.integers(1, 5),
)
line_strategy = st.builds(
    aid_line,
    st.just("L1"),
    committed=st.integers(0, 20),
    delivered=st.integers(0, 20),
    announced=st.integers(0, 40),
)


def _monotone(stages: Stages) -> bool:
    values = stages.as_tuple()
    return all(values[i] >= values[i + 1] >= 0 for i in range(len(STAGES) - 1))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(need_strategy, max_size=5, unique_by=lambda n: n.requirement_id),
    st.lists(parcel_strategy, max_size=8),
    st.dictionaries(st.sampled_from([TANK, SHELL_A]), st.integers(0, 20).map(D)),
)
def test_stages_never_increase_along_the_ladder(needs, parcels, out_of_service):
    result = coverage_compute(
        needs, parcels, out_of_service=out_of_service, horizon=dt.date(2028, 1, 1)
    )
    for cov in result.requirements:
        assert _monotone(cov.stages)
        for _, _, part in cov.by_line:
            assert _monotone(part)
        assert D(0) <= cov.covered_share <= 1
    for area in result.areas:
        assert _monotone(area.stages) and area.stages.announced <= area.needed
    for _, leftover in result.unused:
        assert _monotone(leftover)


@settings(max_examples=200, deadline=None)
@given(
    line_strategy,
    st.dictionaries(st.integers(1, 3), st.integers(0, 15), max_size=3),
    st.integers(0, 10),
    st.integers(0, 10),
)
def test_line_parcels_keep_the_ladder_and_add_up(line, earmarked, shipped, received):
    progress = LineProgress(earmarked=earmarked, shipped=shipped, received=received)
    parcels = line_parcels(line, progress)
    for parcel in parcels:
        assert _monotone(parcel.stages)
    total = Stages()
    for parcel in parcels:
        total = total + parcel.stages
    assert total.delivered == max(line.delivered, received)
    assert total.shipped == max(line.delivered, received + shipped)
    assert total.committed >= line.committed
    assert total.announced >= line.announced
    firm = max(line.committed, line.delivered)
    asked = sum(earmarked.values())
    held = {p.requirement_id: p.stages.committed for p in parcels if p.requirement_id is not None}
    assert sum(held.values()) == min(asked, firm)
    for rid, units in held.items():
        assert 0 < units <= earmarked[rid]
        if asked <= firm:
            assert units == earmarked[rid]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(need_strategy, max_size=5, unique_by=lambda n: n.requirement_id),
    st.lists(parcel_strategy, max_size=8),
)
def test_no_requirement_stays_short_while_firm_aid_it_could_take_lies_unused(needs, parcels):
    result = coverage_compute(needs, parcels, horizon=dt.date(2028, 1, 1))
    unused_firm = {item for item, stages in result.unused if stages.committed > 0}
    for cov in result.requirements:
        if cov.stages.committed < cov.need.quantity:
            assert not unused_firm & set(cov.need.eligible)
        # announced aid only fills what firm aid left open, never more than the need
        # pooled announced aid only fills what firm aid left open (an earmark counts all of it)
        if all(p.requirement_id != cov.need.requirement_id for p in parcels):
            open_part = max(cov.need.quantity - cov.stages.committed, D(0))
            assert cov.stages.announced - cov.stages.committed <= open_part


def test_an_earmark_counts_only_where_its_units_are_the_requirements_kind():
    money = need(1, 1000, eligible=(), kind="funds")
    guns = need(2, 4, kind="items")
    untyped = Parcel("L1", "NOR", None, 1, Stages.of([D(5)] * 3))  # in kind, no type, earmarked
    euros = Parcel("L2", "NOR", None, 1, Stages.of([D(400)] * 3), kind="funds")
    shells = Parcel("L3", "NOR", SHELL_A, 2, Stages.of([D(9)] * 3), unit_kind="rounds")
    tanks = Parcel("L4", "NOR", TANK, 2, Stages.of([D(3)] * 3), unit_kind="items")
    result = coverage_compute([money, guns], [untyped, euros, shells, tanks])
    assert result.of(1).stages.committed == 400  # the 5 untyped units are not 5 euros
    # rounds earmarked for a gun requirement are pooled with their type, not counted as guns
    assert [line for line, _, _ in result.of(2).by_line] == ["L4"]
    assert result.of(2).stages.committed == 3
    assert dict(result.unused)[SHELL_A].committed == 9
