"""Explicit sharing: the owner releases one owner-only record to a named party, and to no one else."""

from __future__ import annotations

import pytest
from django.test import Client

from nsatu.audit.models import AuditEvent
from nsatu.audit.services import record_share, record_unshare
from nsatu.core.errors import PermissionDenied
from nsatu.core.models import Releasability
from nsatu.needs.selectors import requirement_list
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_list


@pytest.fixture
def secret(parties) -> Pledge:
    return Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        owner=parties["DEU"],
        description="Sonderlieferung",
        quantity=12,
        releasability=Releasability.OWNER,
    )


def _sees(user, pledge) -> bool:
    client = Client()
    client.force_login(user)
    page = client.get(f"/pledges/{pledge.pk}/")
    api = client.get(f"/api/pledges/{pledge.pk}")
    listed = pledge_list(user=user).filter(pk=pledge.pk).exists()
    assert (page.status_code == 200) == (api.status_code == 200) == listed
    assert page.status_code in (200, 404)
    return listed


def test_shared_with_ukraine_only(
    parties, people, secret, liaison_de, liaison_pl, planner, coordinator
):
    assert not _sees(planner, secret)
    record_share(actor=liaison_de, obj=secret, party=parties["UKR"])
    assert _sees(planner, secret) and _sees(liaison_de, secret)
    assert not _sees(liaison_pl, secret) and not _sees(coordinator, secret)
    # Shared with several parties, it is still one row (a subquery, not a join that would multiply it).
    record_share(actor=liaison_de, obj=secret, party=parties["POL"])
    assert pledge_list(user=planner).filter(pk=secret.pk).count() == 1
    assert _sees(liaison_pl, secret)

    record_unshare(actor=liaison_de, obj=secret, party=parties["UKR"])
    assert not _sees(planner, secret)
    assert list(
        AuditEvent.objects.filter(object_id=str(secret.pk)).values_list("action", flat=True)
    ) == ["record.share", "record.share", "record.unshare"]


def test_only_the_owner_may_share(parties, people, secret, coordinator, liaison_pl):
    for someone in (coordinator, liaison_pl):
        with pytest.raises(PermissionDenied):
            record_share(actor=someone, obj=secret, party=parties["POL"])
    assert not _sees(liaison_pl, secret)


def test_a_share_of_one_model_does_not_open_another_with_the_same_id(
    parties, people, secret, liaison_de, planner
):
    from tests.fixtures.scenario import _requirement

    hidden = _requirement(
        "UA-SHARE",
        "draft",
        parties,
        owner=parties["DEU"],
        releasability=Releasability.OWNER,
        pk=secret.pk,
    )
    record_share(actor=liaison_de, obj=secret, party=parties["UKR"])
    assert _sees(planner, secret)
    assert not requirement_list(user=planner).filter(pk=hidden.pk).exists()
