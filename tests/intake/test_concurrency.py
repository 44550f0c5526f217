"""The same bytes uploaded by several people of one party at the same moment, on PostgreSQL: one document is
stored, every other upload is told so (422), none fails with a server error."""

from __future__ import annotations

import pytest
from django.db import connection

from nsatu.intake.models import SourceDocument
from tests.fixtures.api import ApiCaller
from tests.intake.test_existence import NORWEGIAN_NOTE
from tests.logistics.test_concurrency import at_once

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises its writers; the race exists on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_one_party_storing_the_same_bytes_at_once_keeps_one_copy(api, liaison_no, donors):
    token = api(liaison_no).token
    responses = at_once(
        lambda: ApiCaller(token).post(
            "/api/intake/documents", {"text": NORWEGIAN_NOTE, "releasability": "owner"}
        ),
        n=8,
    )
    statuses = sorted(r.status for r in responses)
    assert statuses == [201] + [422] * 7, [(r.status, r.body) for r in responses]
    assert all("file" in r.body["errors"] for r in responses if r.status == 422)
    assert SourceDocument.objects.count() == 1
