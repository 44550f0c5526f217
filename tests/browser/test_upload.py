"""Issue #16, "what it must show" 3, in a browser: the German liaison downloads the pledges template from the
pledges page, fills 200 rows of which 3 are wrong, and the upload page names the 3 and writes nothing; the fixed
file writes 200 pledges with their tranches; uploaded again, it writes none."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from nsatu.pledges.models import Pledge, Tranche
from tests.exchange.upload_helpers import build_world, fill, pledge_rows

pytestmark = pytest.mark.browser


def _upload(page, path) -> None:
    page.get_by_label("Filled-in template (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_test_id("upload-status").wait_for()


def test_two_hundred_pledges_from_the_template(
    chromium, console_errors, parties, liaison_de, tmp_path
):
    with transaction.atomic():
        build_world(parties)
    timings = {}
    with chromium.running():
        page = chromium.page(liaison_de.username, timeout_ms=120_000)
        page.goto(chromium.base_url + "/pledges/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the template").click()
        template = tmp_path / "template.xlsx"
        download.value.save_as(template)
        rows = pledge_rows(200)
        rows[9]["Item type"] = "Panzerfaust 9000"
        rows[99]["Quantity"] = "forty"
        rows[149]["Tranche 2: quantity or amount"] = 30
        wrong, fixed = tmp_path / "wrong.xlsx", tmp_path / "fixed.xlsx"
        wrong.write_bytes(fill(template.read_bytes(), rows))
        rows[9]["Item type"] = "Gepard"
        rows[99]["Quantity"] = 40
        rows[149]["Tranche 2: quantity or amount"] = 20
        fixed.write_bytes(fill(template.read_bytes(), rows))

        page.get_by_role("link", name="Upload a file").click()
        started = time.monotonic()
        _upload(page, wrong)
        timings["check"] = time.monotonic() - started
        problems = page.get_by_test_id("upload-problems").locator("tbody tr")
        assert problems.count() == 3
        cells = [problems.nth(i).locator("td").all_inner_texts() for i in range(3)]
        assert [(c[1], c[2], c[3]) for c in cells] == [
            ("Pledges", "11", "Item type"),
            ("Pledges", "101", "Quantity"),
            ("Pledges", "151", "Tranche 2: quantity or amount"),
        ]
        assert "Nothing was written" in page.get_by_test_id("upload-status").inner_text()
        assert page.get_by_role("button", name="Write").count() == 0

        page.get_by_role("link", name="Upload another file").click()
        _upload(page, fixed)
        counts = page.get_by_test_id("upload-counts").inner_text()
        assert "200" in counts and "400" in counts
        started = time.monotonic()
        page.get_by_role("button", name="Write").click()
        page.get_by_text("Written: 200 rows of fixed.xlsx.").wait_for()
        timings["write"] = time.monotonic() - started

        page.get_by_role("link", name="Upload another file").click()
        _upload(page, fixed)
        assert "200 rows were written before" in page.get_by_test_id("upload-summary").inner_text()
        assert page.get_by_role("button", name="Write").count() == 0
    assert console_errors == []
    assert Pledge.objects.filter(donor=parties["DEU"]).count() == 200
    assert Tranche.objects.count() == 400
    print(
        f"\nbrowser, 200 rows: checked in {timings['check']:.1f} s, written in {timings['write']:.1f} s"
    )
