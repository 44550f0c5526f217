"""Frameworks: a multilateral agreement with signatories, the agreements under it and what each signatory
committed and delivered (the agreement pages' own figures); the forms for agreements, commitments and links."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from nsatu.agreements.frameworks import framework_page_get
from nsatu.agreements.models import Agreement, AgreementKind, AgreementLink, Signatory
from nsatu.agreements.selectors import agreement_years
from nsatu.agreements.services import (
    agreement_create,
    agreement_link_pledge,
    agreement_unlink,
    agreement_update,
    commitment_create,
    commitment_update,
)
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability

BN = Decimal(1_000_000_000)
SRC = "https://example.org/declaration"


@pytest.fixture
def g7(scene, parties) -> Agreement:
    fw = Agreement.objects.create(
        title="Joint Declaration (test)",
        kind=AgreementKind.MULTILATERAL,
        signed_on=dt.date(2023, 7, 12),
        source_url=SRC,
        owner=parties["UKR"],
        releasability=Releasability.PUBLIC,
    )
    Signatory.objects.create(
        agreement=fw, party=parties["DEU"], joined_on=dt.date(2023, 7, 12), source_url=SRC
    )
    Signatory.objects.create(agreement=fw, party=parties["NOR"], source_url=SRC)
    for a in (scene.de, scene.no, scene.pl_secret):
        a.framework, a.framework_source_url = fw, SRC
        a.save()
    return fw


def test_page_figures_are_the_agreement_pages_figures(scene, g7, coordinator, liaison_no):
    agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)
    page = framework_page_get(user=liaison_no, pk=g7.pk)
    rows = {r.party.code: r for r in page.rows}
    assert set(rows) == {"DEU", "NOR"}  # Poland's owner-only agreement stays hidden from Norway
    de_years = agreement_years(user=liaison_no, agreement=scene.de).rows
    assert (
        rows["DEU"].total.delivered_eur
        == sum(y.delivered_eur for y in de_years)
        == Decimal("600000000")
    )
    assert rows["DEU"].total.committed_eur == BN
    assert rows["DEU"].signatory.joined_on == dt.date(2023, 7, 12)
    assert rows["NOR"].signatory.joined_on is None and rows["NOR"].signatory.source_url == SRC


def test_list_filters_sorts_pages_and_csv(g7, as_user, analyst):
    client = as_user(analyst)
    html = client.get("/agreements/frameworks/").content.decode()
    assert f'data-framework="{g7.pk}"' in html
    assert (
        f'data-framework="{g7.pk}"'
        not in client.get("/agreements/frameworks/", {"party": "FRA"}).content.decode()
    )
    assert (
        f'data-framework="{g7.pk}"'
        in client.get(
            "/agreements/frameworks/", {"party": "deu", "sort": "-signatories"}
        ).content.decode()
    )
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/agreements/frameworks/", {"format": "csv"})
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert rows[1][:4] == [str(g7.pk), g7.title, "2023-07-12", "2"]


def test_detail_page_and_its_csv(g7, as_user, liaison_de):
    client = as_user(liaison_de)
    html = client.get(f"/agreements/frameworks/{g7.pk}/").content.decode()
    assert (
        'data-party="DEU"' in html
        and 'data-testid="committed-DEU">1,000,000,000<' in html.replace("\u202f", ",")
    )
    body = (
        client.get(f"/agreements/frameworks/{g7.pk}/", {"format": "csv"})
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "DEU" in body and SRC in body
    assert client.get("/agreements/frameworks/999999/").status_code == 404


def test_old_burden_address_redirects_to_the_pledge_with_a_baseline(g7, as_user, analyst):
    client = as_user(analyst)
    assert client.get("/agreements/burden-sharing/").status_code == 200  # no baseline framework yet
    g7.baseline_eur = 40 * BN
    g7.rule = "EUR 40 bn shared by GDP"
    g7.save()
    response = client.get("/agreements/burden-sharing/", {"year": "2025"})
    assert (
        response.status_code == 302
        and response["Location"] == f"/agreements/frameworks/{g7.pk}/?year=2025"
    )
    html = client.get(response["Location"]).content.decode()
    assert "EUR 40 bn shared by GDP" in html and 'id="fair"' in html


def test_api_lists_and_details_frameworks(g7, as_user, analyst):
    client = as_user(analyst)
    listed = client.get("/api/agreements/frameworks").json()
    assert [(f["id"], f["signatories"], f["agreements"]) for f in listed] == [(g7.pk, 2, 2)]
    detail = client.get(f"/api/agreements/frameworks/{g7.pk}").json()
    assert {r["party"] for r in detail["signatory_rows"]} == {"DEU", "NOR"}
    assert client.get(f"/api/agreements/frameworks/{g7.pk + 999}").status_code == 404


def test_create_update_and_refusals(scene, g7, parties, coordinator, liaison_de):
    with pytest.raises(PermissionDenied):
        agreement_create(
            actor=liaison_de,
            title="x",
            kind="bilateral",
            parties=[parties["DEU"], parties["UKR"]],
            owner=parties["DEU"],
            signed_on=dt.date(2024, 1, 1),
            source_url=SRC,
        )
    with pytest.raises(ValidationError) as exc:
        agreement_create(
            actor=coordinator,
            title="x",
            kind="bilateral",
            parties=[parties["DEU"], parties["UKR"]],
            owner=parties["DEU"],
            signed_on=dt.date(2024, 1, 1),
            source_url=SRC,
            framework=g7,
        )
    assert "framework_source_url" in exc.value.message_dict
    updated = agreement_update(
        actor=coordinator,
        agreement=scene.no,
        expected_version=scene.no.version,
        parties=[parties["NOR"], parties["UKR"], parties["POL"]],
        title="Renamed",
        framework=None,
    )
    assert (
        updated.title == "Renamed"
        and updated.framework is None
        and updated.version == scene.no.version + 1
    )
    assert set(updated.parties.values_list("code", flat=True)) == {"NOR", "UKR", "POL"}
    assert AuditEvent.objects.filter(action="agreement.parties", object_id=str(updated.pk)).exists()


def test_commitments_add_and_edit(scene, coordinator, liaison_de):
    with pytest.raises(PermissionDenied):
        commitment_create(
            actor=liaison_de, agreement=scene.de, year=2026, amount=BN, currency="EUR"
        )
    c = commitment_create(
        actor=coordinator, agreement=scene.de, year=2026, amount=BN, currency="EUR"
    )
    assert c.amount_eur == BN
    with pytest.raises(ValidationError):
        commitment_create(
            actor=coordinator, agreement=scene.de, year=2026, amount=BN, currency="EUR"
        )
    edited = commitment_update(actor=coordinator, commitment=c, gdp_share_pct=Decimal("0.25"))
    assert edited.amount is None and edited.gdp_share_pct == Decimal("0.25")
    event = AuditEvent.objects.get(action="agreement.commitment_update")
    assert event.before["amount_eur"] is not None and event.after["amount_eur"] is None


def test_unlink_by_whoever_may_link(scene, coordinator, liaison_de, liaison_no):
    link = agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)
    with pytest.raises(PermissionDenied):
        agreement_unlink(actor=liaison_no, link=link)
    pk = link.pk
    agreement_unlink(actor=liaison_de, link=link)
    assert not AgreementLink.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="agreement.unlink", object_id=str(pk)).exists()


def test_link_form_offers_only_visible_pledges(scene, as_user, liaison_no, coordinator):
    html = as_user(liaison_no).get(f"/agreements/{scene.de.pk}/").content.decode()
    assert f'value="{scene.pledge_de.pk}"' in html or "Link to this agreement" not in html
    assert f'value="{scene.pledge_de_owner.pk}"' not in html
    coord = as_user(coordinator)
    html = coord.get(f"/agreements/{scene.de.pk}/").content.decode()
    assert (
        f'<option value="{scene.pledge_de.pk}"' in html
        and f'<option value="{scene.pledge_de_owner.pk}"' not in html
    )


def test_forms_create_edit_commit_link_unlink(scene, parties, as_user, coordinator):
    client = as_user(coordinator)
    response = client.post(
        "/agreements/new/",
        {
            "title": "Ukraine – USA (test)",
            "kind": "bilateral",
            "status": "signed",
            "parties": ["USA", "UKR"],
            "owner": "USA",
            "signed_on": "2024-02-23",
            "source_url": SRC,
            "releasability": "public",
        },
    )
    assert response.status_code == 302, re.findall(
        r'class="error"[^>]*>([^<]*)', response.content.decode()
    )
    new = Agreement.objects.get(title="Ukraine – USA (test)")
    response = client.post(
        f"/agreements/{new.pk}/edit/",
        {
            "title": "Ukraine – USA",
            "kind": "bilateral",
            "status": "signed",
            "parties": ["USA", "UKR"],
            "signed_on": "2024-02-23",
            "duration_years": "10",
            "source_url": SRC,
            "releasability": "public",
            "version": str(new.version),
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.title == "Ukraine – USA" and new.duration_text == "10 years"
    client.post(
        f"/agreements/{scene.de.pk}/commitments/",
        {"year": "2025", "amount": "2000000000", "currency": "eur"},
    )
    assert (
        scene.de.commitments.get(year=2025).amount_eur == 2 * BN
    )  # the 2025 row was edited, not duplicated
    client.post(f"/agreements/{scene.de.pk}/link/", {"pledge": scene.pledge_de.pk})
    link = AgreementLink.objects.get(agreement=scene.de, pledge=scene.pledge_de)
    assert client.post(f"/agreements/{scene.de.pk}/unlink/", {"link": link.pk}).status_code == 302
    assert not AgreementLink.objects.filter(pk=link.pk).exists()
