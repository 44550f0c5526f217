from __future__ import annotations

import pytest

from nsatu.agreements.models import AgreementLink
from nsatu.agreements.services import agreement_link_flow, agreement_link_pledge
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.flows.models import Flow


def test_coordinator_links_a_pledge_and_leaves_an_audit_event(scene, coordinator):
    link = agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)
    event = AuditEvent.objects.get(action="agreement.link_pledge")
    assert (event.actor, event.object_id, event.after["pledge_id"]) == (
        coordinator,
        str(link.pk),
        scene.pledge_de.pk,
    )


def test_liaison_links_its_own_pledge_to_its_own_agreement(scene, liaison_de):
    agreement_link_pledge(actor=liaison_de, agreement=scene.de, pledge=scene.pledge_de)
    assert AgreementLink.objects.filter(agreement=scene.de, pledge=scene.pledge_de).exists()


def test_liaison_may_not_link_to_another_nations_agreement(scene, liaison_de, liaison_no):
    with pytest.raises(PermissionDenied, match="not a party"):
        agreement_link_pledge(actor=liaison_de, agreement=scene.no, pledge=scene.pledge_de)
    with pytest.raises(PermissionDenied, match="own nation"):
        agreement_link_pledge(actor=liaison_no, agreement=scene.no, pledge=scene.pledge_pl)
    assert not AgreementLink.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "auditor", "planner"])
def test_read_only_roles_may_not_link(scene, request, who):
    with pytest.raises(PermissionDenied):
        agreement_link_pledge(
            actor=request.getfixturevalue(who), agreement=scene.de, pledge=scene.pledge_de
        )


def test_a_pledge_by_a_non_party_or_twice_is_refused(scene, coordinator):
    with pytest.raises(ValidationError, match="not a party to"):
        agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_pl)
    agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)
    with pytest.raises(ValidationError, match="already linked"):
        agreement_link_pledge(actor=coordinator, agreement=scene.de, pledge=scene.pledge_de)


def test_link_a_flow(scene, coordinator, parties):
    flow = Flow.objects.create(
        source=parties["DEU"],
        destination=parties["UKR"],
        owner=parties["DEU"],
        amount=1,
        currency="EUR",
        amount_eur=1,
    )
    agreement_link_flow(actor=coordinator, agreement=scene.de, flow=flow)
    assert AuditEvent.objects.filter(action="agreement.link_flow").count() == 1
    other = Flow.objects.create(
        source=parties["POL"], destination=parties["UKR"], owner=parties["POL"], amount=1
    )
    with pytest.raises(ValidationError, match="not a party"):
        agreement_link_flow(actor=coordinator, agreement=scene.de, flow=other)


def test_register_the_g7_joint_declaration_with_its_signatories(coordinator, parties, liaison_de):
    import datetime as dt

    from nsatu.agreements.selectors import agreement_count_signed
    from nsatu.agreements.services import agreement_create

    signatories = [parties["DEU"], parties["USA"], parties["UKR"]]
    with pytest.raises(PermissionDenied):
        agreement_create(
            actor=liaison_de,
            title="G7",
            kind="multilateral",
            parties=signatories,
            owner=parties["NSATU"],
            signed_on=dt.date(2023, 7, 12),
            source_url="https://example.org",
        )
    with pytest.raises(ValidationError, match="signing date"):
        agreement_create(
            actor=coordinator,
            title="G7",
            kind="multilateral",
            parties=signatories,
            owner=parties["NSATU"],
            source_url="https://example.org",
        )
    g7 = agreement_create(
        actor=coordinator,
        title="Joint Declaration of Support for Ukraine (G7)",
        kind="multilateral",
        parties=signatories,
        owner=parties["NSATU"],
        signed_on=dt.date(2023, 7, 12),
        source_url="https://www.consilium.europa.eu/",
    )
    assert set(g7.parties.values_list("code", flat=True)) == {"DEU", "USA", "UKR"}
    assert AuditEvent.objects.filter(action="agreement.create", object_id=str(g7.pk)).exists()
    assert agreement_count_signed(user=liaison_de, on=dt.date(2023, 7, 12)) == 1
