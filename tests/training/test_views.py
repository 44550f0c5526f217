from __future__ import annotations

import csv
import io
import json


def test_courses_page_lists_visible_courses_cohorts_and_the_quarter_chart(
    training, as_user, liaison_de, django_assert_max_num_queries
):
    client = as_user(liaison_de)
    with django_assert_max_num_queries(12):
        page = client.get("/training/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "F-16 conversion" in html and "English for aviators" in html
    assert "Polish owner-only course" not in html
    chart = page.context["chart"]
    assert chart["labels"] == ["2025-Q4"] and chart["datasets"][0]["data"] == [2]
    assert (
        'data-chart="chart-trained"' in html and "<script>" not in html
    )  # the spec is JSON, not a script
    json.loads(html.split('id="chart-trained" type="application/json">')[1].split("</script>")[0])
    assert 'href="/training/"' in html  # the nav link


def test_readiness_page_shows_each_delivery_with_its_gap_and_proposed_cohorts(
    training, as_user, liaison_de, django_assert_max_num_queries
):
    client = as_user(liaison_de)
    with django_assert_max_num_queries(16):
        page = client.get("/training/readiness/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-delivery="tranche:{training.tranche.pk}"' in html
    assert "F-16 conversion" in html and "late: crews cannot be trained in time" in html
    (row,) = page.context["view"].rows
    assert (row.crews_needed, row.crews_ready, row.gap) == (6, 2, 4)
    exported = list(
        csv.DictReader(
            io.StringIO(
                client.get("/training/readiness/?format=csv").getvalue().decode("utf-8-sig")
            )
        )
    )
    assert [
        (e["Item type"], e["Crews needed"], e["Ready by arrival"], e["Gap"]) for e in exported
    ] == [("F-16 (test)", "6", "2", "4")]


def test_pages_need_a_login(client):
    assert client.get("/training/readiness/").status_code == 302
