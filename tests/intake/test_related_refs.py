"""A reviewed claim names its pledge only to a reader who may see the pledge (issue #14, point 1).

Norway's liaison confirms a claim read from a statement every participant may read, then narrows the pledge it
became to Norway only: a Polish liaison still reads the claim, but not the pledge's id or description.
"""

from __future__ import annotations

import re

import pytest

from nsatu.core.models import Releasability
from nsatu.intake.models import Claim
from nsatu.intake.services import claim_confirm
from nsatu.pledges.models import Pledge

NORWEGIAN_STATEMENT = """Norway pledges air defence for Ukraine
2024-06-04

Norway will deliver two NASAMS systems to Ukraine, Defence Minister Bjørn Arild Gram said on Tuesday.
"""
SECRET = "NASAMS from the Norwegian reserve, owner only"


@pytest.fixture
def confirmed(ingest, coordinator, liaison_no) -> tuple[Claim, Pledge]:
    stored = ingest(coordinator, NORWEGIAN_STATEMENT)
    claim = next(c for c in stored.claims if c.donor is not None and c.donor.code == "NOR")
    reviewed = claim_confirm(actor=liaison_no, claim_id=claim.pk, expected_version=claim.version)
    Pledge.objects.filter(pk=reviewed.pledge.pk).update(
        releasability=Releasability.OWNER, description=SECRET
    )
    return reviewed.claim, reviewed.pledge


def _names_pledge(body: bytes, pledge: Pledge) -> bool:
    return bool(re.search(rb"/pledges/%d/" % pledge.pk, body)) or SECRET.encode() in body


def test_the_claim_pages_name_a_hidden_pledge_as_restricted(
    confirmed, as_user, liaison_pl, liaison_no
):
    claim, pledge = confirmed
    reader = as_user(liaison_pl)
    for url in (f"/intake/claims/{claim.pk}/", f"/intake/documents/{claim.document_id}/"):
        page = reader.get(url)
        assert page.status_code == 200, url
        assert not _names_pledge(page.content, pledge), url
        assert b'data-testid="restricted-ref">a restricted pledge<' in page.content, url

    owner = as_user(liaison_no)
    for url in (f"/intake/claims/{claim.pk}/", f"/intake/documents/{claim.document_id}/"):
        assert f'href="/pledges/{pledge.pk}/"'.encode() in owner.get(url).content, url


def test_the_api_gives_null_and_restricted_for_a_hidden_pledge(
    confirmed, api, liaison_pl, liaison_no
):
    claim, pledge = confirmed
    one = api(liaison_pl).get(f"/api/intake/claims/{claim.pk}").body
    assert (one["pledge"], one["pledge_restricted"]) == (None, True)
    listed = api(liaison_pl).get("/api/intake/claims", document=claim.document_id).body["items"]
    row = next(c for c in listed if c["id"] == claim.pk)
    assert (row["pledge"], row["pledge_restricted"]) == (None, True)

    own = api(liaison_no).get(f"/api/intake/claims/{claim.pk}").body
    assert (own["pledge"], own["pledge_restricted"]) == (pledge.pk, False)


def test_a_pending_claim_names_no_pledge(german, api, liaison_pl):
    _, claims = german
    body = api(liaison_pl).get(f"/api/intake/claims/{claims['$100 million'].pk}").body
    assert (body["pledge"], body["pledge_restricted"]) == (None, False)


def test_confirming_through_the_api_answers_with_the_new_pledge(german, api, liaison_de):
    _, claims = german
    claim = claims["€500 million"]
    done = api(liaison_de).post(f"/api/intake/claims/{claim.pk}/confirm", {"version": 1})
    assert done.status == 200, done.body
    assert done.body["pledge"] == done.body["claim"]["pledge"] is not None
    assert done.body["claim"]["pledge_restricted"] is False
