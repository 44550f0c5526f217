"""The resilience pages: build and compare (GET, nothing written), save (POST, role-checked), fleet, briefing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nsatu.resilience.models import Scenario

BUILDER = {
    "form-TOTAL_FORMS": "3",
    "form-INITIAL_FORMS": "0",
    "as_of": "2026-11-22",
    "horizon_months": "12",
    "form-0-donor": "USA",
    "form-0-kind": "withdraw",
    "form-0-start": "2026-11-22",
    "form-0-unit": "EUR",
    "form-1-donor": "POL",
    "form-1-kind": "cap",
    "form-1-amount": "1",
    "form-1-unit": "units",
}


def test_builder_compares_side_by_side_and_writes_nothing(small, as_user, coordinator):
    response = as_user(coordinator).get("/resilience/", BUILDER)
    assert response.status_code == 200
    c = response.context["p"].comparison
    assert {d.key: (d.base, d.scenario) for d in c.by_requirement} == {
        "ART-1": (18, 12),
        "ART-2": (
            4,
            4,
        ),  # Poland's open 3 are part of the 4 Oryx counts delivered: nothing left to cap
    }
    html = response.content.decode()
    assert 'id="compare-areas"' in html and 'id="compare-requirements"' in html
    assert "United States withdraws from" in html and "Poland caps its support at 1 units" in html
    assert not Scenario.objects.exists()


def test_preset_fills_the_form_and_compares(small, as_user, analyst):
    response = as_user(analyst).get("/resilience/", {"preset": "usa-stops"})
    assert response.status_code == 200
    assert response.context["rule_forms"].forms[0].initial["donor"] == "USA"
    assert response.context["p"].comparison.rules[0].start == timezone.localdate()
    assert "Save this scenario" not in response.content.decode()  # analysts read only


def test_a_rule_without_its_figure_is_refused_on_its_field(small, as_user, coordinator):
    bad = BUILDER | {"form-0-start": ""}
    response = as_user(coordinator).get("/resilience/", bad)
    assert response.status_code == 400
    assert response.context["rule_forms"].forms[0].errors["start"] == [
        "A withdrawal needs the date it takes effect."
    ]
    assert response.context["p"].comparison is None


def test_coordinator_saves_and_reopens_the_scenario(small, as_user, coordinator):
    client = as_user(coordinator)
    query = "&".join(f"{k}={v}" for k, v in BUILDER.items())
    response = client.post(
        f"/resilience/save/?{query}",
        {"name": "US out, Poland capped", "releasability": "participants"},
    )
    saved = Scenario.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/resilience/scenarios/{saved.pk}/"
    )
    assert saved.as_of == dt.date(2026, 11, 22) and saved.rules.count() == 2
    page = client.get(response["Location"])
    assert page.status_code == 200 and "US out, Poland capped" in page.content.decode()
    assert page.context["p"].comparison.by_area[0].change == -6


def test_liaison_may_not_save(small, as_user, liaison_de):
    query = "&".join(f"{k}={v}" for k, v in BUILDER.items())
    response = as_user(liaison_de).post(
        f"/resilience/save/?{query}", {"name": "x", "releasability": "command"}, follow=True
    )
    assert not Scenario.objects.exists()
    assert "may not save scenarios" in response.content.decode()


def test_fleet_page_and_csv(small, as_user, planner):
    client = as_user(planner)
    page = client.get("/resilience/fleet/", {"grouping": "calibre"})
    assert page.status_code == 200
    assert [f.group for f in page.context["p"].fragmentation] == ["artillery · 155 mm"]
    csv = (
        client.get("/resilience/fleet/", {"format": "csv"})
        .getvalue()
        .decode("utf-8-sig")
        .splitlines()
    )
    assert csv[0] == (
        "Capability area,Item type,Ammunition families,Donor,Fielded,Counted from,"
        "Also reported (not counted)"
    )
    assert any(line.startswith("Artillery,M777,155mm NATO,United States,10,") for line in csv), csv


def test_consolidation_page(small, as_user, coordinator):
    page = as_user(coordinator).get("/resilience/consolidation/")
    assert page.status_code == 200 and 'id="small-offers"' in page.content.decode()


def test_briefing_downloads(small, as_user, coordinator):
    client = as_user(coordinator)
    pdf = client.get("/resilience/briefing.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    xlsx = client.get("/resilience/briefing.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_pages_need_a_login(client):
    assert client.get("/resilience/").status_code == 302
    assert client.get("/resilience/briefing.pdf").status_code == 302
