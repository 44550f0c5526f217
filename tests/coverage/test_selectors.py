import datetime as dt
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.coverage.rows import coverage_rows
from nsatu.coverage.selectors import coverage_inputs_get, requirement_coverage_get
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.sources.models import Dataset
from tests.coverage.conftest import AS_OF


def stages(view, requirement) -> tuple[D, ...]:
    return view.of(requirement.pk).stages.as_tuple()


def test_the_coordinators_coverage_stage_by_stage(picture, coordinator):
    view = requirement_coverage_get(user=coordinator, as_of=AS_OF)
    assert view.inputs.horizon == dt.date(2028, 12, 7)
    ranked = [rc.need.reference for rc in view.result.requirements]
    # the draft is not counted, the Ukrainian owner-only requirement is not the coordinator's to read
    assert ranked == ["UA-ART-002", "UA-ARM-001", "UA-ART-003"]

    shells = view.of(picture.shells.pk)
    assert shells.need.quantity == 60000  # 10,000 a month over six months begun
    assert shells.stages.as_tuple() == (30000, 30000, 10000, 10000, 0, 0)
    assert shells.covered_share == D("0.5")

    # 8 earmarked by Norway, 14 Polish pooled by type (6 received, 2 of them in repair); Norway's
    # Leopard 1A5 (a substitute) arrives after the horizon and does not count
    tanks = view.of(picture.tanks.pk)
    assert tanks.stages.as_tuple() == (22, 22, 14, 6, 6, 4)
    assert tanks.covered_share == D("0.44")
    assert {line for line, _, _ in tanks.by_line} == {
        f"L{picture.pledges['no_tanks'].pk}",
        f"L{picture.pledges['pl_tanks'].pk}",
    }
    assert view.result.beyond == 5

    # only announced M777s: shown, but the covered share stays 0
    howitzers = view.of(picture.howitzers.pk)
    assert howitzers.stages.as_tuple() == (10, 0, 0, 0, 0, 0)
    assert howitzers.covered_share == 0
    assert view.result.weighted_share == (5 * D("0.5") + 5 * D("0.44")) / 14


def test_areas_keep_rounds_apart_from_howitzers(picture, coordinator):
    view = requirement_coverage_get(user=coordinator, as_of=AS_OF)
    areas = {(a.capability_area, a.unit_kind): a for a in view.result.areas}
    assert set(areas) == {
        (CapabilityArea.ARMOUR, "items"),
        (CapabilityArea.ARTILLERY, "items"),
        (CapabilityArea.ARTILLERY, "rounds"),
    }
    assert areas[(CapabilityArea.ARTILLERY, "items")].needed == 20
    assert areas[(CapabilityArea.ARTILLERY, "rounds")].needed == 60000


def test_a_pledge_only_its_donor_reads_counts_for_him_alone(picture, liaison_de, liaison_pl):
    german = requirement_coverage_get(user=liaison_de, as_of=AS_OF)
    polish = requirement_coverage_get(user=liaison_pl, as_of=AS_OF)
    assert stages(german, picture.howitzers) == (14, 4, 0, 0, 0, 0)
    assert stages(polish, picture.howitzers) == (10, 0, 0, 0, 0, 0)
    # the owner-only trial howitzer serves the M777 requirement only for who may read it
    assert picture.trial.pk in german.inputs.needs[2].eligible
    assert all(picture.trial.pk not in n.eligible for n in polish.inputs.needs)


def test_the_recipients_own_requirement_takes_what_the_more_pressing_left(picture, planner):
    view = requirement_coverage_get(user=planner, as_of=AS_OF)
    secret = view.of(picture.secret.pk)
    assert secret.need.priority == 5
    assert secret.stages.committed == 0  # the 14 pooled tanks went to the priority-1 requirement
    assert view.of(picture.tanks.pk).stages.committed == 22


def test_an_earmark_for_a_requirement_the_reader_cannot_see_serves_the_type(
    picture, parties, coordinator
):
    Pledge.objects.create(
        donor=parties["DEU"],
        owner=parties["DEU"],
        recipient=parties["UKR"],
        item_type=picture.leopard,
        quantity=3,
        status=PledgeStatus.COMMITTED,
        requirement=picture.secret,  # owner-only: the coordinator does not read it
        releasability=Releasability.PARTICIPANTS,
        description="Leopard 2A4 for a reserve brigade",
    )
    view = requirement_coverage_get(user=coordinator, as_of=AS_OF)
    assert view.of(picture.tanks.pk).stages.committed == 25


def test_statuses_choose_the_requirements_counted(picture, coordinator):
    inputs = coverage_inputs_get(user=coordinator, as_of=AS_OF, statuses=("published", "draft"))
    assert picture.draft.pk in inputs.requirements
    assert len(inputs.needs) == 4


def _grow(picture, parties, n: int) -> None:
    for i in range(n):
        requirement = Requirement.objects.create(
            reference=f"UA-GROW-{i:03}",
            title=f"More howitzers {i}",
            capability_area=CapabilityArea.ARTILLERY,
            item_type=picture.m777,
            quantity=D(5),
            status=RequirementStatus.PUBLISHED,
            owner=parties["UKR"],
            releasability=Releasability.PARTICIPANTS,
        )
        Pledge.objects.create(
            donor=parties["POL"],
            owner=parties["POL"],
            recipient=parties["UKR"],
            item_type=picture.m777,
            quantity=i + 1,
            status=PledgeStatus.COMMITTED,
            requirement=requirement,
            releasability=Releasability.PARTICIPANTS,
            description=f"M777 batch {i}",
            announced_on=dt.date(2020 + i, 1, 1),
        )


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        requirement_coverage_get(user=user, as_of=AS_OF)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_rows(picture, parties, coordinator):
    before = _queries(coordinator)
    _grow(picture, parties, 6)
    assert _queries(coordinator) == before


def test_figures_from_illustrative_offers_are_marked(picture, parties, coordinator):
    scenario = Dataset.objects.create(
        key="demo-scenario", title="Illustrative pledges of the demo", illustrative=True
    )
    Pledge.objects.create(
        donor=parties["POL"],
        owner=parties["POL"],
        recipient=parties["UKR"],
        item_type=picture.m777,
        quantity=3,
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
        description="M777 offered (illustrative)",
        dataset=scenario,
    )
    rows = {r.reference: r for r in coverage_rows(requirement_coverage_get(user=coordinator))}
    assert rows["UA-ART-003"].illustrative and rows["UA-ART-003"].illustrative_committed == 3
    assert not rows["UA-ARM-001"].illustrative


def test_a_longer_horizon_counts_the_late_substitutes(picture, coordinator):
    view = requirement_coverage_get(user=coordinator, as_of=AS_OF, horizon_months=60)
    tanks = view.of(picture.tanks.pk)
    assert (
        tanks.stages.committed == 27
    )  # Norway's 5 Leopard 1A5 arrive in April 2029, within five years
    assert view.result.beyond == 0
    by_line = {line: s for line, _, s in tanks.by_line}
    assert by_line[f"L{picture.pledges['no_late'].pk}"].committed == 5
