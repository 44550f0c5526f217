import csv
import io

import openpyxl

from nsatu.coverage.rows import coverage_rows
from nsatu.coverage.selectors import requirement_coverage_get


def test_coverage_page_has_one_table_per_area_and_unit_kind(picture, as_user, coordinator):
    response = as_user(coordinator).get("/coverage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-area="artillery" data-unit-kind="rounds"' in html
    assert 'data-area="artillery" data-unit-kind="items"' in html
    assert 'data-area="armour" data-unit-kind="items"' in html
    assert "UA-ARM-004" not in html  # a draft is not counted
    assert "UA-ARM-005" not in html  # the recipient's owner-only requirement
    assert "Main battle tanks" in html
    assert "stated: 10,000 rounds per month" in html  # 60,000 needed over the six months to June


def test_coverage_page_downloads_the_same_figures(picture, as_user, coordinator):
    client = as_user(coordinator)
    rows = coverage_rows(requirement_coverage_get(user=coordinator))
    response = client.get("/coverage/", {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="nsatu-coverage-')
    table = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r["Reference"] for r in table] == [r.reference for r in rows]
    for line, row in zip(table, rows, strict=True):
        assert line["Committed"] == str(row.committed)
        assert line["In service"] == str(row.in_service)
        assert line["Covered share"] == str(row.covered_share)
    assert table[0]["Capability area"] == "Artillery" and table[0]["Unit kind"] == "Rounds"
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/coverage/", {"format": "xlsx"}).getvalue())
    )
    sheet = workbook.active
    assert sheet is not None
    assert sheet.max_row == len(rows) + 1


def test_coverage_page_refuses_an_unknown_format_and_anonymous(
    picture, client, as_user, coordinator
):
    assert client.get("/coverage/").status_code == 302
    assert as_user(coordinator).get("/coverage/", {"format": "pdf"}).status_code == 400
