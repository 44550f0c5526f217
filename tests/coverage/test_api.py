from decimal import Decimal as D

from nsatu.coverage.rows import figure, share
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.engine.coverage import STAGES
from tests.coverage.conftest import AS_OF


def test_coverage_endpoint_gives_the_selectors_figures(picture, api, coordinator):
    response = api(coordinator).get("/api/needs/coverage", as_of=AS_OF.isoformat())
    assert response.status == 200
    body = response.body
    view = requirement_coverage_get(user=coordinator, as_of=AS_OF)
    assert [r["reference"] for r in body["requirements"]] == [
        rc.need.reference for rc in view.result.requirements
    ]
    for row, rc in zip(body["requirements"], view.result.requirements, strict=True):
        assert D(row["needed"]) == rc.need.quantity
        for stage in STAGES:
            assert isinstance(row[stage], str)
            assert D(row[stage]) == getattr(rc.stages, stage), (rc.need.reference, stage)
        assert row["covered_share"] == str(share(rc.covered_share))
        assert row["unit_kind"] == rc.need.unit_kind
        assert row["illustrative"] is False
    tanks = next(r for r in body["requirements"] if r["reference"] == "UA-ARM-001")
    assert (tanks["committed"], tanks["in_service"], tanks["covered_share"]) == (
        "22",
        "4",
        "0.4400",
    )
    assert D(body["weighted_share"]) == share(view.result.weighted_share)
    areas = {(a["capability_area"], a["unit_kind"]): a for a in body["areas"]}
    assert areas[("artillery", "rounds")]["needed"] == str(figure(D(60000)))
    assert areas[("artillery", "rounds")]["committed"] == "30000"
    assert body["horizon"] == "2028-12-07"
    shells = next(r for r in body["requirements"] if r["reference"] == "UA-ART-002")
    assert (shells["needed"], shells["stated"]) == ("60000", "10,000 rounds per month")


def test_coverage_endpoint_reads_through_visibility(picture, api, liaison_pl, planner):
    polish = api(liaison_pl).get("/api/needs/coverage", as_of=AS_OF.isoformat()).body
    ukrainian = api(planner).get("/api/needs/coverage", as_of=AS_OF.isoformat()).body
    assert "UA-ARM-005" not in {r["reference"] for r in polish["requirements"]}
    assert "UA-ARM-005" in {r["reference"] for r in ukrainian["requirements"]}
    howitzers = next(r for r in polish["requirements"] if r["reference"] == "UA-ART-003")
    assert howitzers["committed"] == "0"  # the German owner-only M777s stay unseen


def test_coverage_endpoint_refuses_anonymous_and_a_bad_horizon(picture, api, coordinator):
    assert api(None).get("/api/needs/coverage").status == 401
    bad = api(coordinator).get("/api/needs/coverage", horizon_months=0)
    assert bad.status == 422
    assert "horizon_months" in str(bad.body)


def test_coverage_endpoint_refuses_a_day_no_horizon_fits(picture, api, coordinator):
    response = api(coordinator).get("/api/needs/coverage", as_of="9999-12-31")
    assert response.status == 422
    assert "as_of" in str(response.body)
