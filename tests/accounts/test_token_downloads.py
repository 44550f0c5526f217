"""The API token list downloads as CSV and XLSX: one's own tokens only, never the secret."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nsatu.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_own_tokens_only_and_no_secret(client, liaison_de, liaison_pl):
    _token, raw = api_token_issue(actor=liaison_de, name="feed of Berlin")
    api_token_issue(actor=liaison_pl, name="feed of Warsaw")
    client.force_login(liaison_de)
    csv_text = client.get(reverse("accounts:tokens") + "?format=csv").getvalue().decode("utf-8-sig")
    header, *rows = csv_text.strip().splitlines()
    assert header == "Name,Prefix,Created,Last used,Expires,State"
    assert len(rows) == 1 and rows[0].startswith("feed of Berlin,") and rows[0].endswith(",active")
    assert raw not in csv_text
    xlsx = client.get(reverse("accounts:tokens") + "?format=xlsx").getvalue()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]] == header.split(",")
    assert sheet.max_row == 2 and sheet["A2"].value == "feed of Berlin"
