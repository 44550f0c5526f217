"""Issue #16, "what it must show" 3: a pledges template downloaded from the page, filled with 200 rows of which 3
are wrong, uploads to a page that names the 3 (sheet, row, column, reason) and writes nothing; fixed, it writes
200 pledges with tranches; uploaded again, it writes none."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nsatu.audit.models import AuditEvent
from nsatu.exchange.models import Upload, UploadStatus
from nsatu.pledges.models import Pledge, Tranche
from tests.exchange.upload_helpers import build_world, fill, pledge_rows

pytestmark = pytest.mark.django_db


def _post(client, kind: str, content: bytes, name: str = "pledges.xlsx"):
    return client.post(
        reverse("exchange:upload", args=[kind]),
        {"file": SimpleUploadedFile(name, content)},
    )


def _preview(client, response):
    assert response.status_code == 302, response.content[:2000]
    return client.get(response["Location"])


def test_two_hundred_pledges_three_wrong_then_fixed_then_again(client, parties, liaison_de):
    build_world(parties)
    client.force_login(liaison_de)
    page = client.get(reverse("pledges:list"))
    assert reverse("exchange:template", args=["pledges"]) in page.content.decode()
    template = client.get(reverse("exchange:template", args=["pledges"]))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    rows = pledge_rows(200)
    rows[9]["Item type"] = "Panzerfaust 9000"  # sheet row 11: not in the catalogue
    rows[99]["Quantity"] = "forty"  # sheet row 101: not a number
    rows[149]["Tranche 2: quantity or amount"] = 30  # sheet row 151: tranches 50 > pledge 40
    wrong = fill(template.getvalue(), rows)

    started = time.monotonic()
    response = _preview(client, _post(client, "pledges", wrong))
    checked = time.monotonic() - started
    text = response.content.decode()
    assert Pledge.objects.count() == 0 and Tranche.objects.count() == 0
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.REFUSED
    named = {(p["sheet"], p["row"], p["column"]) for p in upload.problems}
    assert named == {
        ("Pledges", 11, "Item type"),
        ("Pledges", 101, "Quantity"),
        ("Pledges", 151, "Tranche 2: quantity or amount"),
    }
    assert "3 problems found. Nothing was written" in text
    assert "&#x27;Panzerfaust 9000&#x27; is not among the values you may use here" in text
    assert "Tranches would total 50, more than the pledge" in text
    assert "Write</button>" not in text

    rows[9]["Item type"] = "Gepard"
    rows[99]["Quantity"] = 40
    rows[149]["Tranche 2: quantity or amount"] = 20
    fixed = fill(template.getvalue(), rows)
    response = _preview(client, _post(client, "pledges", fixed))
    text = response.content.decode()
    assert "Every row passes the checks" in text
    assert Pledge.objects.count() == 0
    upload = Upload.objects.order_by("-id").first()
    assert upload.to_write == 200
    assert upload.preview["counts"] == {"pledges.pledge": 200, "pledges.tranche": 400}

    started = time.monotonic()
    written = client.post(reverse("exchange:upload_write", args=["pledges", upload.pk]))
    wrote = time.monotonic() - started
    assert written.status_code == 302
    assert Pledge.objects.filter(donor=parties["DEU"]).count() == 200
    assert Tranche.objects.count() == 400
    assert set(Pledge.objects.values_list("status", flat=True)) == {"committed"}
    assert Tranche.objects.filter(hub__name="Rzeszów-Jasionka").count() == 200
    upload.refresh_from_db()
    assert upload.status == UploadStatus.WRITTEN
    assert AuditEvent.objects.filter(action="pledge.create").count() == 200
    assert AuditEvent.objects.filter(action__startswith="upload.pledges.").count() == 3

    again = _preview(client, _post(client, "pledges", fixed))
    text = again.content.decode()
    assert "200 rows were written before and are not written again." in text
    assert "Write</button>" not in text
    last = Upload.objects.order_by("-id").first()
    assert last.to_write == 0 and last.written_before == 200
    client.post(reverse("exchange:upload_write", args=["pledges", last.pk]))
    client.post(reverse("exchange:upload_write", args=["pledges", upload.pk]))
    assert Pledge.objects.count() == 200 and Tranche.objects.count() == 400
    print(f"\n200 rows: checked in {checked:.1f} s, written in {wrote:.1f} s")


def test_the_template_has_lists_formats_and_a_read_me(client, parties, liaison_de, liaison_pl):
    world = build_world(parties)
    client.force_login(liaison_de)
    wb = load_workbook(
        io.BytesIO(client.get(reverse("exchange:template", args=["pledges"])).getvalue())
    )
    data, read_me, lists = wb.worksheets
    assert [data.title, read_me.title, lists.title] == ["Pledges", "Read me", "Lists"]
    assert lists.sheet_state == "hidden"
    assert data.freeze_panes == "A2"
    assert data["A1"].value == "Donor" and data["A1"].font.b
    listed = {
        lists.cell(row=1, column=c).value: [
            lists.cell(row=r, column=c).value for r in range(2, lists.max_row + 1)
        ]
        for c in range(1, lists.max_column + 1)
    }
    # a liaison pledges for his own nation only; hidden item types are not offered
    assert [v for v in listed["donors"] if v] == ["Germany"]
    assert world["hidden"].name not in listed["item_types"]
    assert "Gepard" in listed["item_types"]
    assert [v for v in listed["pledge_statuses"] if v] == ["Announced", "Committed"]
    assert "Rzeszów-Jasionka" in listed["hubs"]
    assert "UA-2026-0001" in listed["requirements"]
    validations = {str(dv.sqref).split(":")[0]: dv for dv in data.data_validations.dataValidation}
    assert validations["A2"].type == "list" and "Lists" in validations["A2"].formula1
    header = {c.value: c.column_letter for c in data[1]}
    assert data.column_dimensions[header["Announced on"]].number_format == "yyyy-mm-dd"
    assert data.column_dimensions[header["Quantity"]].number_format == "#,##0"
    assert "How to fill in this template" in read_me["A1"].value
