"""An agreement link and a fund entry name the record they point at only to a reader who may see it (issue #14,
point 1).

Norway links a pledge to its public agreement, then narrows the pledge to Norway only: a Polish liaison still
reads the agreement but learns neither the pledge's id nor its description, and its euros leave his figures. On
a fund's ledger, a payment every participant may read settles a commitment the command keeps to itself: the
payment does not say which.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from nsatu.agreements.api import LinkOut
from nsatu.agreements.models import AgreementLink, FundEntry
from nsatu.agreements.selectors import agreement_link_get
from nsatu.agreements.services import agreement_link, fund_entry_record
from nsatu.core.models import Releasability
from nsatu.flows.services import flow_create
from nsatu.pledges.models import Pledge

SECRET = "Norwegian reserve package, owner only"
M = Decimal(1_000_000)
DAY = dt.date(2025, 8, 5)


@pytest.fixture
def narrowed(scene, liaison_no) -> AgreementLink:
    link = agreement_link(actor=liaison_no, agreement=scene.no, pledge=scene.pledge_no)
    Pledge.objects.filter(pk=scene.pledge_no.pk).update(
        releasability=Releasability.OWNER, description=SECRET
    )
    return link


def _names(body: bytes, pk: int) -> bool:
    return bool(re.search(rb"/pledges/%d/" % pk, body)) or SECRET.encode() in body


def test_the_agreement_page_leaves_out_a_link_to_a_hidden_pledge(
    scene, narrowed, as_user, liaison_pl, liaison_no
):
    page = as_user(liaison_pl).get(f"/agreements/{scene.no.pk}/")
    assert page.status_code == 200
    assert not _names(page.content, scene.pledge_no.pk)
    assert b"Nothing linked yet." in page.content

    own = as_user(liaison_no).get(f"/agreements/{scene.no.pk}/")
    assert f'href="/pledges/{scene.pledge_no.pk}/"'.encode() in own.content
    assert SECRET.encode() in own.content


def test_the_years_count_only_the_links_the_reader_sees(
    scene, narrowed, api, liaison_pl, liaison_no
):
    def delivered(user) -> list[str]:
        years = api(user).get(f"/api/agreements/{scene.no.pk}/years").body
        return [y["delivered_eur"] for y in years]

    assert delivered(liaison_no) == ["1200000000.00"]
    assert delivered(liaison_pl) == ["0"]


def test_a_link_names_only_what_its_reader_sees(narrowed, liaison_pl, liaison_no, scene):
    hidden = LinkOut.from_orm(agreement_link_get(user=liaison_pl, pk=narrowed.pk))
    assert (hidden.agreement, hidden.pledge, hidden.flow) == (scene.no.pk, None, None)
    seen = LinkOut.from_orm(agreement_link_get(user=liaison_no, pk=narrowed.pk))
    assert (seen.agreement, seen.pledge, seen.flow) == (scene.no.pk, scene.pledge_no.pk, None)


def test_linking_through_the_api_answers_with_the_link(scene, api, liaison_de):
    created = api(liaison_de).post(
        f"/api/agreements/{scene.de.pk}/links", {"pledge": scene.pledge_de.pk}
    )
    assert created.status == 201, created.body
    assert (created.body["agreement"], created.body["pledge"], created.body["flow"]) == (
        scene.de.pk,
        scene.pledge_de.pk,
        None,
    )


def test_a_payment_does_not_name_a_commitment_hidden_from_the_reader(
    coordinator, parties, as_user, liaison_pl
):
    purl = parties["PURL"]
    flow_create(
        actor=coordinator,
        source=parties["NOR"],
        destination=purl,
        amount=100 * M,
        currency="EUR",
        date=DAY,
    )
    common = {"actor": coordinator, "fund": purl, "date": DAY, "currency": "EUR"}
    contract = fund_entry_record(
        kind="commitment", counterparty=parties["USA"], amount=40 * M, **common
    )
    fund_entry_record(
        kind="spending", counterparty=parties["USA"], amount=40 * M, settles=contract, **common
    )
    FundEntry.objects.filter(pk=contract.pk).update(releasability=Releasability.COMMAND)

    reader = as_user(liaison_pl).get("/agreements/funds/PURL/").content.decode()
    assert 'data-entry="' in reader, "the payment is not on the Polish liaison's page"
    assert "settles commitment" not in reader
    assert f'data-entry="{contract.pk}"' not in reader

    command = as_user(coordinator).get("/agreements/funds/PURL/").content.decode()
    assert f"settles commitment {contract.pk}" in command
