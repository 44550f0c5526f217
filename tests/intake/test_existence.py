"""Storing the same bytes as a document the reader may not see tells him nothing about it: he gets a document of
his own. And a review sent from a stale version is a conflict (409), not "already reviewed" (422)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.models import Releasability
from nsatu.intake.models import SourceDocument
from nsatu.intake.selectors import document_get
from tests.intake.conftest import GERMAN_STATEMENT

NORWEGIAN_NOTE = """Norway pledges air defence support for Ukraine
2024-09-10

Norway will provide NOK 1 billion for NASAMS ammunition, the Ministry of Defence said on Tuesday.
"""


def test_a_hidden_copy_is_neither_named_nor_hinted_at(ingest, liaison_no, liaison_pl, api):
    hidden = ingest(liaison_no, NORWEGIAN_NOTE, releasability=Releasability.OWNER).document
    response = api(liaison_pl).post("/api/intake/documents", {"text": NORWEGIAN_NOTE})
    assert response.status == 201, response.body
    text = str(response.body)
    assert "already" not in text and "same bytes" not in text
    own = SourceDocument.objects.exclude(pk=hidden.pk).get(sha256=hidden.sha256)
    assert own.owner.code == "POL" and own.uploaded_by == liaison_pl
    # Each reads his own copy only.
    assert document_get(user=liaison_pl, pk=own.pk) == own
    with pytest.raises(NotFound):
        document_get(user=liaison_pl, pk=hidden.pk)


def test_a_visible_copy_is_named_to_whoever_may_read_it(ingest, coordinator, liaison_pl):
    shared = ingest(coordinator, GERMAN_STATEMENT, releasability=Releasability.PARTICIPANTS)
    with pytest.raises(ValidationError, match=f"already stored as document {shared.document.pk}"):
        ingest(liaison_pl, GERMAN_STATEMENT)
    assert SourceDocument.objects.count() == 1


def test_the_same_party_stores_the_same_bytes_once(ingest, liaison_no, people):
    ingest(liaison_no, NORWEGIAN_NOTE, releasability=Releasability.OWNER)
    with pytest.raises(ValidationError, match="already stored"):
        ingest(liaison_no, NORWEGIAN_NOTE, releasability=Releasability.OWNER)
    assert SourceDocument.objects.count() == 1


def test_a_review_from_a_stale_version_is_409(api, german, liaison_de):
    _, claims = german
    claim = claims["€500 million"]
    path = f"/api/intake/claims/{claim.pk}"
    assert api(liaison_de).post(f"{path}/confirm", {"version": 1}).status == 200
    stale = api(liaison_de).post(f"{path}/reject", {"version": 1, "reason": "a duplicate"})
    assert stale.status == 409, stale.body
    assert "status is now 'confirmed'" in stale.body["detail"]


def test_a_file_name_with_a_nul_is_refused_naming_the_field(client, liaison_pl, donors):
    client.force_login(liaison_pl)
    upload = SimpleUploadedFile("note\x00.txt", NORWEGIAN_NOTE.encode(), content_type="text/plain")
    response = client.post(reverse("intake:upload"), {"file": upload})
    assert response.status_code == 400 and "file" in response.content.decode()
    assert not SourceDocument.objects.exists()
