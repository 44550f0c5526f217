"""The review queue and the documents as staff work with them: Excel, whole-list sorting, Ukrainian."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from nsatu.intake.models import Claim, ClaimStatus, Classification


def _csv(client, url: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(client.get(url).getvalue().decode("utf-8-sig"))))


def _xlsx(client, url: str) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(client.get(url).getvalue())).active
    assert sheet.freeze_panes == "A2"
    return list(sheet.iter_rows(values_only=True))


def test_the_review_queue_as_xlsx_has_the_labels_and_the_csv_rows(german, as_user, coordinator):
    client = as_user(coordinator)
    url = reverse("intake:queue") + "?classification=all"
    rows = _xlsx(client, url + "&format=xlsx")
    text = _csv(client, url + "&format=csv")
    assert list(rows[0]) == text[0]
    assert text[0][:4] == ["Claim", "Classification", "Reason", "Donor"]
    assert len(rows) == len(text) == Claim.objects.filter(status=ClaimStatus.PENDING).count() + 1
    assert [r[0] for r in rows[1:]] == [int(r[0]) for r in text[1:]]
    # Labels, never the stored codes.
    classifications = {r[1] for r in rows[1:]}
    assert "New pledge" in classifications
    assert not classifications & {c.value for c in Classification}
    amounts = [r[5] for r in rows[1:] if r[5] is not None]
    assert amounts and all(isinstance(a, int | float) for a in amounts)


def test_the_document_list_downloads_what_it_shows(german, as_user, coordinator):
    document, _claims = german
    client = as_user(coordinator)
    text = _csv(client, reverse("intake:documents") + "?format=csv")
    assert text[0][:4] == ["Document", "Address", "Kind", "Published on"]
    assert [r[0] for r in text[1:]] == [document.title]
    detail = _xlsx(client, reverse("intake:document", args=[document.pk]) + "?format=xlsx")
    assert len(detail) == document.claims.count() + 1


@override_settings(NSATU_PAGE_SIZE=2)
def test_sorting_the_queue_orders_every_claim_not_just_the_page(german, as_user, coordinator):
    client = as_user(coordinator)
    url = reverse("intake:queue") + "?classification=all"
    pending = Claim.objects.filter(status=ClaimStatus.PENDING)
    assert pending.count() > settings.NSATU_PAGE_SIZE
    expected = list(pending.order_by("-id").values_list("pk", flat=True))
    page = client.get(url + "&sort=-claim").context["page"]
    assert [c.pk for c in page.object_list] == expected[:2]
    everything = [int(r[0]) for r in _csv(client, url + "&sort=-claim&format=csv")[1:]]
    assert everything == expected


def test_the_queue_reads_in_ukrainian(german, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    html = client.get(reverse("intake:queue")).content.decode()
    assert "<h1>Черга перевірки</h1>" in html
    header = _csv(client, reverse("intake:queue") + "?format=csv")[0]
    assert header[:2] == ["Твердження", "Класифікація"]
