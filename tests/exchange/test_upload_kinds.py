"""The other templates (requirements, shipments, courses): a good file writes, a bad row is named, a re-upload
writes nothing; and for any kind: a file that is no .xlsx, a formula cell, a role that may not, the console."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from nsatu.core.errors import PermissionDenied
from nsatu.exchange.models import Upload, UploadStatus
from nsatu.exchange.upload_selectors import upload_template_get
from nsatu.exchange.upload_services import upload_preview, upload_write
from nsatu.logistics.models import Shipment, ShipmentLine
from nsatu.needs.models import Requirement
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.training.models import Course
from tests.exchange.upload_helpers import build_world, fill, pledge_rows

pytestmark = pytest.mark.django_db


def _upload(actor, kind: str, rows, *, name: str = "file.xlsx"):
    content = fill(upload_template_get(user=actor, kind=kind), rows)
    return upload_preview(actor=actor, kind=kind, file_name=name, content=content)


def _problems(upload) -> set[tuple[int | None, str]]:
    return {(p["row"], p["column"]) for p in upload.problems}


def _good_bad_again(actor, kind: str, good: list[dict], bad_row: dict, model):
    """A file with one bad row writes nothing; without it, it writes every row; again, it writes none."""
    before = model.objects.count()
    bad = _upload(actor, kind, [*good, bad_row])
    assert bad.status == UploadStatus.REFUSED
    assert model.objects.count() == before
    preview = _upload(actor, kind, good)
    assert preview.status == UploadStatus.PREVIEWED, preview.problems
    assert model.objects.count() == before
    written = upload_write(actor=actor, pk=preview.pk)
    assert written.status == UploadStatus.WRITTEN
    assert model.objects.count() == before + len(good)
    again = _upload(actor, kind, good)
    assert (again.to_write, again.written_before) == (0, len(good))
    upload_write(actor=actor, pk=again.pk)
    assert model.objects.count() == before + len(good)
    return bad


def test_requirements(parties, planner):
    build_world(parties)
    good = [
        {
            "Title": f"Air defence for city {n}",
            "Capability area": "Air defence",
            "Item type": "Gepard",
            "Quantity": 4,
            "Unit": "systems",
            "Priority": 1,
            "Needed by": dt.date(2027, 3, 31),
        }
        for n in range(3)
    ]
    bad = _good_bad_again(
        planner,
        "requirements",
        good,
        {"Title": "Money", "Capability area": "Air defence", "Quantity": 5, "Unit": "EUR"},
        Requirement,
    )
    assert _problems(bad) == {(5, "Item type")}
    assert set(Requirement.objects.values_list("owner__code", flat=True)) == {"UKR"}


def test_requirements_bad_units_name_the_column(parties, planner):
    build_world(parties)
    upload = _upload(
        planner,
        "requirements",
        [
            {
                "Title": "Funds for shells",
                "Capability area": "Artillery",
                "Described capability": "155 mm shells",
                "Quantity": 1000000,
                "Unit": "EUR",
            }
        ],
    )
    assert _problems(upload) == {(2, "Unit kind")}
    assert "choose the unit kind Funds" in upload.problems[0]["reason"]


def _committed_pledge(parties, world) -> Pledge:
    return Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=world["items"][0],
        quantity=10,
        status=PledgeStatus.COMMITTED,
        owner=parties["DEU"],
    )


def test_shipments(parties, liaison_de):
    world = build_world(parties)
    pledge = _committed_pledge(parties, world)
    good = [
        {
            "Donor": "DEU",
            "Origin": "Unterlüß",
            "Hub": "Rzeszów-Jasionka",
            "Handover point": "Lviv",
            "Planned dispatch": dt.date(2026, 8, 1),
            "Planned at hub": dt.date(2026, 8, 5),
            "Planned handover": dt.date(2026, 8, 9),
            "Line 1: item type": "Gepard",
            "Line 1: quantity": 4,
            "Line 1: pledge": f"#{pledge.pk}",
            "Line 2: item type": "Leopard 2A6",
            "Line 2: quantity": 2,
        },
        {
            "Donor": "Germany",
            "Origin": "Kassel",
            "Hub": "Rzeszów-Jasionka",
            "Handover point": "Lviv",
            "Planned dispatch": dt.date(2026, 9, 1),
            "Planned at hub": dt.date(2026, 9, 5),
            "Planned handover": dt.date(2026, 9, 9),
            "Line 1: item type": "Gepard",
            "Line 1: quantity": 6,
            "Line 1: pledge": f"#{pledge.pk}",
        },
    ]
    # a third shipment of the same pledge would ship 12 of its 10 units: refused, and named on its line
    over = dict(good[1], **{"Origin": "Munich", "Line 1: quantity": 2})
    bad = _good_bad_again(liaison_de, "shipments", good, over, Shipment)
    assert _problems(bad) == {(4, "Line 1: item type")}
    assert ShipmentLine.objects.count() == 3


def test_shipment_dates_out_of_order(parties, liaison_de):
    build_world(parties)
    upload = _upload(
        liaison_de,
        "shipments",
        [
            {
                "Donor": "Germany",
                "Origin": "Kassel",
                "Hub": "Rzeszów-Jasionka",
                "Handover point": "Lviv",
                "Planned dispatch": dt.date(2026, 9, 10),
                "Planned at hub": dt.date(2026, 9, 5),
                "Planned handover": dt.date(2026, 9, 9),
                "Line 1: item type": "Gepard",
                "Line 1: quantity": 6,
            }
        ],
    )
    assert _problems(upload) == {(2, "Planned at hub")}


def test_courses(parties, liaison_de):
    build_world(parties)
    good = [
        {
            "Host nation": "Germany",
            "Name": f"Gepard crew course {n}",
            "Skill": "Crew",
            "Item type": "Gepard",
            "Duration (weeks)": 8,
            "Seats per cohort": 24,
        }
        for n in range(2)
    ]
    # a crew course must name its item type
    bad = _good_bad_again(
        liaison_de,
        "courses",
        good,
        {
            "Host nation": "DEU",
            "Name": "Crew",
            "Skill": "Crew",
            "Duration (weeks)": 4,
            "Seats per cohort": 8,
        },
        Course,
    )
    assert _problems(bad) == {(4, "Item type")}


def test_a_liaison_may_not_name_another_nation(parties, liaison_pl):
    build_world(parties)
    upload = _upload(liaison_pl, "pledges", pledge_rows(1, donor="Germany"))
    assert _problems(upload) == {(2, "Donor")}
    assert Pledge.objects.count() == 0


def test_a_hidden_item_type_is_not_accepted(parties, liaison_de):
    world = build_world(parties)
    rows = pledge_rows(1)
    rows[0]["Item type"] = world["hidden"].name
    upload = _upload(liaison_de, "pledges", rows)
    assert _problems(upload) == {(2, "Item type")}


def test_a_role_that_may_not_create_is_refused(client, parties, analyst, planner):
    build_world(parties)
    with pytest.raises(PermissionDenied):
        upload_preview(actor=planner, kind="pledges", file_name="x.xlsx", content=b"PK")
    client.force_login(analyst)
    for kind in ("pledges", "requirements", "shipments", "courses"):
        assert client.get(reverse("exchange:template", args=[kind])).status_code == 403
        assert client.get(reverse("exchange:upload", args=[kind])).status_code == 403
    client.force_login(planner)
    assert client.get(reverse("exchange:upload", args=["requirements"])).status_code == 200
    assert client.get(reverse("exchange:upload", args=["nonsense"])).status_code == 404


def test_a_file_that_is_not_xlsx(client, parties, liaison_de):
    build_world(parties)
    client.force_login(liaison_de)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("exchange:upload", args=["pledges"]),
        {"file": SimpleUploadedFile("pledges.csv", b"Donor,Quantity\nGermany,4\n")},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "only Excel workbooks (.xlsx) are read" in page
    disguised = upload_preview(
        actor=liaison_de, kind="pledges", file_name="pledges.xlsx", content=b"Donor,Quantity\n"
    )
    assert "not a readable Excel .xlsx workbook" in disguised.problems[0]["reason"]
    assert Pledge.objects.count() == 0


def test_an_archive_bomb_is_refused(parties, liaison_de):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    upload = upload_preview(
        actor=liaison_de, kind="pledges", file_name="bomb.xlsx", content=buf.getvalue()
    )
    assert "archive bomb" in upload.problems[0]["reason"]


def test_a_sheet_that_declares_a_million_rows_is_refused_before_it_is_read(parties, liaison_de):
    """A few kilobytes can declare A1:XFD1048576; reading that cell by cell would take the better part of an
    hour inside the upload's transaction."""
    build_world(parties)
    wb = load_workbook(io.BytesIO(upload_template_get(user=liaison_de, kind="pledges")))
    wb.worksheets[0].cell(row=1_048_576, column=16_384, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    assert len(buf.getvalue()) < 100_000
    upload = upload_preview(
        actor=liaison_de, kind="pledges", file_name="tall.xlsx", content=buf.getvalue()
    )
    assert upload.status == UploadStatus.REFUSED
    assert "reaches row 1048576" in upload.problems[0]["reason"]
    assert Pledge.objects.count() == 0


def test_formulas_are_never_run_and_text_stays_text(parties, liaison_de):
    build_world(parties)
    rows = pledge_rows(2)
    # openpyxl saves a formula without a computed value, as a program (not Excel) would
    rows[0]["Quantity"] = "=20*2"
    rows[1]["Description"] = '=HYPERLINK("http://evil.example","click")'
    rows[1]["Notes"] = "@SUM(A1:A9)"
    template = upload_template_get(user=liaison_de, kind="pledges")
    content = fill(template, rows)
    upload = upload_preview(actor=liaison_de, kind="pledges", file_name="f.xlsx", content=content)
    assert _problems(upload) == {(2, "Quantity"), (3, "Description")}
    assert "never runs formulas" in upload.problems[0]["reason"]
    # typed as text (as Excel keeps '=... ), the same characters are read as text and stored as they are
    wb = Workbook()
    ws = wb.active
    for c, label in enumerate(("Donor", "Item type", "Quantity", "Description", "Notes"), start=1):
        ws.cell(row=1, column=c, value=label)
    for c, value in enumerate(("Germany", "Gepard", 4, "=1+1", "-2 spare barrels"), start=1):
        cell = ws.cell(row=2, column=c, value=value)
        cell.data_type = "s" if isinstance(value, str) else cell.data_type
    ws.title = "Pledges"
    buf = io.BytesIO()
    wb.save(buf)
    upload = upload_preview(
        actor=liaison_de, kind="pledges", file_name="t.xlsx", content=buf.getvalue()
    )
    assert upload.problems == []
    upload_write(actor=liaison_de, pk=upload.pk)
    pledge = Pledge.objects.get()
    assert (pledge.description, pledge.notes, pledge.quantity) == ("=1+1", "-2 spare barrels", 4)


def test_the_console_uploads_as_a_user(tmp_path, parties, liaison_de, capsys):
    build_world(parties)
    path = tmp_path / "pledges.xlsx"
    path.write_bytes(fill(upload_template_get(user=liaison_de, kind="pledges"), pledge_rows(3)))
    uploads_before = Upload.objects.count()
    call_command("import", "pledges-xlsx", str(path), "--as", liaison_de.username, "--dry-run")
    assert Pledge.objects.count() == 0
    assert Upload.objects.count() == uploads_before, "a dry run keeps nothing, not even the upload"
    call_command("import", "pledges-xlsx", str(path), "--as", liaison_de.username)
    assert Pledge.objects.count() == 3
    out = capsys.readouterr().out
    assert "pledges.pledge 3" in out
    call_command("import", "pledges-xlsx", str(path), "--as", liaison_de.username)
    assert Pledge.objects.count() == 3
    assert "0 to write, 3 written before" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    rows = pledge_rows(1)
    rows[0]["Quantity"] = -1
    bad.write_bytes(fill(upload_template_get(user=liaison_de, kind="pledges"), rows))
    with pytest.raises(CommandError):
        call_command("import", "pledges-xlsx", str(bad), "--as", liaison_de.username)
    assert "bad.xlsx, Pledges, 2, Quantity, -1 is less than 1" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import", "pledges-xlsx", str(path))


def test_amounts_and_funds_tranches(parties, coordinator):
    build_world(parties)
    rows = [
        {
            "Donor": "Norway",
            "Kind": "Funds",
            "Amount": 1000000.5,
            "Currency": "NOK",
            "Tranche 1: available from": dt.date(2026, 10, 1),
            "Tranche 1: quantity or amount": 500000.25,
        }
    ]
    upload = _upload(coordinator, "pledges", rows)
    assert upload.problems == []
    upload_write(actor=coordinator, pk=upload.pk)
    pledge = Pledge.objects.get()
    assert pledge.amount == Decimal("1000000.50")
    assert pledge.tranches.get().amount == Decimal("500000.25")


def test_a_ukrainian_template_is_read_back(client, parties, liaison_de):
    build_world(parties)
    from django.utils import translation

    with translation.override("uk"):
        template = upload_template_get(user=liaison_de, kind="pledges")
    wb = load_workbook(io.BytesIO(template))
    assert [ws.title for ws in wb.worksheets] == ["Зобов'язання", "Прочитайте", "Списки"]
    header = [c.value for c in wb.worksheets[0][1]]
    assert header[:2] == ["Донор", "Отримувач"]
    wb.worksheets[0].append(["Germany", None, "У натуральній формі", "Gepard", None, 4])
    buf = io.BytesIO()
    wb.save(buf)
    upload = upload_preview(
        actor=liaison_de, kind="pledges", file_name="uk.xlsx", content=buf.getvalue()
    )
    assert upload.problems == [] and upload.to_write == 1
    client.force_login(liaison_de)
    page = client.get(
        reverse("exchange:upload_preview", args=["pledges", upload.pk]),
        headers={"accept-language": "uk"},
    ).content.decode()
    assert "Кожен рядок пройшов перевірку" in page
    assert "in_kind" not in page


def test_a_number_typed_with_a_thousands_comma_is_asked_about_not_guessed(parties, liaison_de):
    build_world(parties)
    rows = pledge_rows(1)
    rows[0]["Tranche 1: quantity or amount"] = "1,500"
    upload = _upload(liaison_de, "pledges", rows)
    assert upload.status == UploadStatus.REFUSED
    assert any("could be read two ways" in p["reason"] for p in upload.problems), upload.problems


def test_writing_an_upload_under_another_kind_writes_nothing(client, parties, liaison_de):
    build_world(parties)
    upload = _upload(liaison_de, "pledges", pledge_rows(2))
    client.force_login(liaison_de)
    url = reverse("exchange:upload_write", kwargs={"kind": "courses", "pk": upload.pk})
    assert client.post(url).status_code == 404
    assert Pledge.objects.count() == 0
