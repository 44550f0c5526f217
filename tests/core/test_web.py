"""The page helpers: the releasability rule asked before a write, and a service write turned into a message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from nsatu.catalogue.rules import check_may_edit_catalogue
from nsatu.core.errors import ConflictError
from nsatu.core.models import Releasability
from nsatu.core.visibility import readable_releasabilities
from nsatu.core.web import refused_by, write_and_redirect
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_visible

PEOPLE = ["coordinator", "liaison_de", "liaison_pl", "planner", "analyst", "auditor"]


@pytest.mark.parametrize("who", PEOPLE)
def test_readable_releasabilities_agrees_with_the_visibility_selector(request, parties, who):
    """The rule asked before a write must be the very rule every read applies: written out, then read back."""
    user = request.getfixturevalue(who)
    for owner in ("DEU", "POL", "NSATU", "UKR"):
        flows = {
            rel: Flow.objects.create(
                source=parties[owner],
                destination=parties["USA"],
                owner=parties[owner],
                releasability=rel,
            )
            for rel in Releasability.values
        }
        seen = set(
            flow_visible(user=user)
            .filter(pk__in=[f.pk for f in flows.values()])
            .values_list("pk", flat=True)
        )
        expected = {rel for rel, flow in flows.items() if flow.pk in seen}
        assert set(readable_releasabilities(user, owner_id=parties[owner].pk)) == expected, (
            who,
            owner,
        )


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_write_and_redirect_reports_success_or_the_services_refusal(db):
    request = _request()
    response = write_and_redirect(
        request, lambda: 41, done=lambda n: f"done {n + 1}", to="pledges:detail", pk=7
    )
    assert (response.status_code, response["Location"]) == (302, "/pledges/7/")

    def refuse() -> None:
        raise ConflictError("Pledge 7 was changed by someone else")

    write_and_redirect(request, refuse, done=lambda n: "never", to="pledges:list")
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("success", "done 42"),
        ("error", "Pledge 7 was changed by someone else"),
    ]


def test_refused_by_sends_back_with_the_rules_own_reason(coordinator, liaison_pl):
    request = _request()
    assert refused_by(request, check_may_edit_catalogue, coordinator, to="catalogue:list") is None
    response = refused_by(request, check_may_edit_catalogue, liaison_pl, to="catalogue:list")
    assert response is not None and response["Location"] == "/catalogue/"
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Your role (Donor liaison) may not edit the catalogue.")
    ]
