"""The coverage on the real public data (every importer run, as `make demo` does before its builders)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from nsatu.coverage.selectors import coverage_report_get
from nsatu.engine.coverage import STAGES
from nsatu.exchange.services import dataset_import_all


@pytest.fixture
def imported(db, people):
    dataset_import_all(actor=None, data_dir=Path(settings.DATA_DIR))


def test_no_requirement_is_left_short_while_firm_aid_of_its_type_lies_unused(imported, coordinator):
    report = coverage_report_get(user=coordinator)
    result = report.view.result
    assert result.requirements, "the stated requirements are imported and published"
    unused_firm = {item for item, stages in result.unused if stages.committed > 0}
    served = 0
    for rc in result.requirements:
        if rc.stages.committed > 0:
            served += 1
        if rc.stages.committed < rc.need.quantity:
            assert not unused_firm & set(rc.need.eligible), rc.need.reference
    assert served > 0


def test_stages_and_areas_on_the_real_data(imported, coordinator):
    report = coverage_report_get(user=coordinator)
    for row in report.rows:
        values = [row.stages[s] for s in STAGES]
        assert values == sorted(values, reverse=True), row.reference
        assert 0 <= row.covered_share <= 1
    kinds = {(a.capability_area, a.unit_kind) for a in report.areas}
    assert len(kinds) == len(report.areas)  # one total per area and unit kind
    for area in report.areas:
        assert {r.unit_kind for r in area.rows} == {area.unit_kind}
        assert area.needed == sum(r.needed for r in area.rows)
