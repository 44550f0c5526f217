"""The agreement pages as staff work with them: the XLSX download carries the CSV's rows under readable labels,
a column heading orders the whole list (not one page of it), filters narrow it, and the pages read in
Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.agreements.models import AgreementKind
from tests.downloads import assert_xlsx_matches_csv, csv_rows

pytestmark = pytest.mark.django_db

LABELS = ["Id", "Agreement", "Kind", "Parties", "Signed on", "Duration", "Status"]


def test_the_agreement_list_xlsx_has_the_labels_and_the_rows_of_the_csv(scene, as_user, liaison_pl):
    rows = assert_xlsx_matches_csv(as_user(liaison_pl), reverse("agreements:list"), LABELS)
    header = rows[0]
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {scene.de.pk, scene.no.pk, scene.pl_secret.pk}
    german = by_id[scene.de.pk]
    assert german[header.index("Kind")] == "Bilateral security agreement"
    assert german[header.index("Status")] == "Signed"
    # A date cell, not text: Excel sorts and filters it as a date.
    assert german[header.index("Signed on")] == dt.datetime(2024, 2, 16)
    assert "bilateral" not in [str(c) for r in rows for c in r]


def test_the_download_holds_only_what_the_reader_may_see_with_the_page_filters(
    scene, as_user, liaison_de
):
    client = as_user(liaison_de)
    ids = {int(r[0]) for r in csv_rows(client, reverse("agreements:list"))[1:]}
    assert ids == {scene.de.pk, scene.no.pk}  # Poland's owner-only agreement stays hidden
    filtered = csv_rows(client, reverse("agreements:list") + "?party=nor")
    assert [int(r[0]) for r in filtered[1:]] == [scene.no.pk]


def test_sorting_by_title_orders_the_whole_list(scene, as_user, liaison_pl, settings):
    settings.NSATU_PAGE_SIZE = 2
    client = as_user(liaison_pl)
    first = client.get(reverse("agreements:list") + "?sort=-title").content.decode()
    shown = [int(pk) for pk in re.findall(r'<tr data-agreement="(\d+)">', first)]
    # Ukraine – Poland, Ukraine – Norway, Ukraine – Germany: the first page is the top two of all three.
    assert shown == [scene.pl_secret.pk, scene.no.pk]
    assert 'data-sort="descending"' in first
    second = client.get(reverse("agreements:list") + "?sort=-title&page=2").content.decode()
    assert re.findall(r'<tr data-agreement="(\d+)">', second) == [str(scene.de.pk)]
    ascending = client.get(reverse("agreements:list") + "?sort=title").content.decode()
    assert re.findall(r'<tr data-agreement="(\d+)">', ascending)[0] == str(scene.de.pk)


def test_status_and_kind_filters(scene, as_user, liaison_pl):
    scene.no.kind = AgreementKind.MEMORANDUM
    scene.no.save()
    client = as_user(liaison_pl)
    page = client.get(reverse("agreements:list"), {"kind": "memorandum"}).content.decode()
    assert re.findall(r'<tr data-agreement="(\d+)">', page) == [str(scene.no.pk)]
    page = client.get(reverse("agreements:list"), {"status": "ratified"}).content.decode()
    assert not re.findall(r'<tr data-agreement="(\d+)">', page)


def test_the_framework_list_sorts_across_pages_and_offers_both_downloads(
    scene, as_user, liaison_pl, settings
):
    for a in (scene.de, scene.no, scene.pl_secret):
        a.kind = AgreementKind.MULTILATERAL
        a.save()
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(liaison_pl)
    page = client.get(reverse("agreements:frameworks") + "?sort=-signed").content.decode()
    assert re.findall(r'data-framework="(\d+)"', page) == [str(scene.pl_secret.pk)]
    assert "format=xlsx" in page and "format=csv" in page
    rows = assert_xlsx_matches_csv(
        client, reverse("agreements:frameworks") + "?sort=-signed", ["Id", "Framework"]
    )
    assert [r[0] for r in rows[1:]] == [scene.pl_secret.pk, scene.no.pk, scene.de.pk]


def test_the_fund_pages_offer_both_downloads(scene, as_user, coordinator, parties):
    client = as_user(coordinator)
    funds = assert_xlsx_matches_csv(client, reverse("agreements:funds"), ["Code", "Fund"])
    assert "PURL" in {r[0] for r in funds[1:]}
    ledger = assert_xlsx_matches_csv(
        client, reverse("agreements:fund", args=["PURL"]), ["Fund", "Stage", "Record"]
    )
    assert ledger[1:] == []
    page = client.get(reverse("agreements:fund", args=["PURL"])).content.decode()
    assert 'data-testid="ledger-downloads"' in page and "format=xlsx" in page


def test_the_agreement_pages_read_in_ukrainian(scene, as_user, liaison_pl):
    client = as_user(liaison_pl)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(reverse("agreements:list")).content.decode()
    assert "<h1>Безпекові угоди</h1>" in page
    assert "Двостороння безпекова угода" in page and "Bilateral security agreement" not in page
    assert "16.02.2024" in page  # the Ukrainian date format
    rows = csv_rows(client, reverse("agreements:list"))
    assert rows[0][:3] == ["Ідентифікатор", "Угода", "Вид"]
    frameworks = client.get(reverse("agreements:frameworks")).content.decode()
    assert "<h1>Багатосторонні рамкові угоди</h1>" in frameworks
