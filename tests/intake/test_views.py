import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nsatu.intake.models import Claim, ClaimStatus, SourceDocument
from nsatu.pledges.models import Pledge
from tests.intake.conftest import GERMAN_STATEMENT

FIFTY_MB = 50 * 1024 * 1024


def _upload(client, **data):
    defaults = {
        "title": "",
        "url": "",
        "published_on": "",
        "releasability": "participants",
        "pasted_kind": "text",
    }
    return client.post(reverse("intake:upload"), defaults | data)


def test_pasting_a_text_stores_it_and_shows_its_claims(as_user, coordinator, donors, catalogue):
    client = as_user(coordinator)
    response = _upload(client, text=GERMAN_STATEMENT, url="https://example.org/statement")
    document = SourceDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "intake:document", args=[document.pk]
    )
    page = client.get(response.url).content.decode()
    assert "Germany pledges new air defence for Ukraine" in page
    assert "an earlier package" in page and "a cumulative total" in page
    assert page.count("<mark") == 5
    assert document.source_url == "https://example.org/statement"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("empty.txt", b""), "is empty"),
        (
            SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" * 50),
            "not text",
        ),
        (SimpleUploadedFile("memo.docx", b"PK\x03\x04 word"), "are not read"),
        (SimpleUploadedFile("huge.txt", b"a" * FIFTY_MB), "the limit is"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_store_nothing(
    as_user, coordinator, donors, upload, message
):
    response = _upload(as_user(coordinator), file=upload, text="")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and upload.name in page
    assert SourceDocument.objects.count() == Claim.objects.count() == 0


def test_neither_or_both_inputs_are_refused(as_user, coordinator, donors):
    client = as_user(coordinator)
    assert "both are empty" in _upload(client, text=" ").content.decode()
    both = _upload(
        client,
        text="Germany will send 40 tanks to Ukraine.",
        file=SimpleUploadedFile("a.txt", b"Germany will send 40 tanks to Ukraine."),
    )
    assert both.status_code == 400 and "not both" in both.content.decode()
    assert SourceDocument.objects.count() == 0


def test_an_auditor_is_turned_away_from_the_upload_page(as_user, auditor):
    response = as_user(auditor).get(reverse("intake:upload"))
    assert response.status_code == 302
    assert _upload(as_user(auditor), text=GERMAN_STATEMENT).status_code == 302
    assert SourceDocument.objects.count() == 0


def test_confirm_from_the_claim_page_shows_the_pledge_with_its_source(german, as_user, liaison_de):
    _, claims = german
    claim = claims["€500 million"]
    client = as_user(liaison_de)
    page = client.get(reverse("intake:claim", args=[claim.pk])).content.decode()
    assert "Confirm as announced pledge" in page and claim.sentence in page
    response = client.post(
        reverse("intake:claim_confirm", args=[claim.pk]), {"version": claim.version}, follow=True
    )
    assert "confirmed as pledge" in response.content.decode()
    pledge = Pledge.objects.get()
    detail = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Announced" in detail and "bringing its total military aid this year" in detail


def test_reject_from_the_claim_page(german, as_user, liaison_de):
    _, claims = german
    claim = claims["Patriot system"]
    client = as_user(liaison_de)
    client.post(
        reverse("intake:claim_reject", args=[claim.pk]), {"version": 1, "reason": "not decided yet"}
    )
    claim.refresh_from_db()
    assert (claim.status, claim.review_note) == (ClaimStatus.REJECTED, "not decided yet")


def test_another_liaison_sees_no_review_buttons_and_its_post_is_refused(
    german, as_user, liaison_pl
):
    _, claims = german
    claim = claims["€500 million"]
    client = as_user(liaison_pl)
    assert (
        "Confirm as announced pledge"
        not in client.get(reverse("intake:claim", args=[claim.pk])).content.decode()
    )
    response = client.post(
        reverse("intake:claim_confirm", args=[claim.pk]), {"version": 1}, follow=True
    )
    assert "may not review claims about Germany" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_queue_page_lists_what_the_reviewer_decides(german, as_user, liaison_pl):
    page = as_user(liaison_pl).get(reverse("intake:queue")).content.decode()
    rows = re.findall(r'data-testid="claim-row"', page)
    assert len(rows) == 1  # the unassigned $100 million only


def test_sources_page_links_to_the_documents(as_user, coordinator):
    page = as_user(coordinator).get(reverse("sources:list")).content.decode()
    assert reverse("intake:documents") in page and "Documents read for pledges" in page
