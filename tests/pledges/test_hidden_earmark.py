"""A pledge earmarked for a requirement its reader may not see: every pledge surface names the earmark as
"a restricted requirement", and an edit by that reader keeps it (core/refs.py, issue #14 point 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def earmarked(parties):
    need = Requirement.objects.create(
        reference="UA-C-31",
        title="Counter-drone jammers qzxhidden",
        capability_area="air_defence",
        quantity=Decimal(40),
        priority=1,
        owner=parties["UKR"],
        status=RequirementStatus.PUBLISHED,
        releasability=Releasability.COMMAND,
        needed_by=dt.date(2026, 10, 31),
    )
    pledge = Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        quantity=12,
        description="Jammers from Norwegian industry",
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
        requirement=need,
    )
    return pledge, need


@pytest.mark.parametrize(
    "url",
    ["pledges:detail", "pledges:list", "pledges:list csv", "parties:detail"],
)
def test_pledge_surfaces_name_a_hidden_earmark_as_restricted(
    earmarked, as_user, liaison_pl, liaison_no, coordinator, url
):
    pledge, need = earmarked
    name, _, fmt = url.partition(" ")
    if name == "pledges:detail":
        path = reverse(name, args=[pledge.pk])
    elif name == "parties:detail":
        path = reverse(name, args=["NOR"])
    else:
        path = reverse(name)
    path += "?format=csv" if fmt else ""
    for reader in (liaison_pl, liaison_no):  # Norway owns the pledge but not the need
        response = as_user(reader).get(path)
        assert response.status_code == 200
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        assert "a restricted requirement" in text, f"{path} as {reader.username}"
        for hidden in ("UA-C-31", "qzxhidden", f"/requirements/{need.pk}/"):
            assert hidden not in text, f"{path} shows {hidden} to {reader.username}"
    shown = as_user(coordinator).get(path)
    text = (b"".join(shown) if shown.streaming else shown.content).decode()
    assert "UA-C-31" in text and "a restricted requirement" not in text


def test_an_edit_by_a_reader_who_may_not_see_the_earmark_keeps_it(earmarked, as_user, liaison_no):
    pledge, need = earmarked
    client = as_user(liaison_no)
    page = client.get(reverse("pledges:edit", args=[pledge.pk])).content.decode()
    assert 'name="requirement"' not in page and "UA-C-31" not in page
    data = {
        "kind": "in_kind",
        "description": "Jammers from Norwegian industry, second lot",
        "quantity": "14",
        "amount": "",
        "currency": "",
        "announced_on": "2026-01-10",
        "mechanism": "",
        "notes": "",
        "releasability": "participants",
        "version": "1",
    }
    saved = client.post(reverse("pledges:edit", args=[pledge.pk]), data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    fresh = Pledge.objects.get(pk=pledge.pk)
    assert (fresh.quantity, fresh.requirement_id) == (14, need.pk)
