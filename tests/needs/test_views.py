from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from nsatu.audit.models import AuditEvent
from nsatu.needs.models import Requirement, RequirementStatus


def _form(**overrides) -> dict:
    data = {
        "title": "Counter-battery radars",
        "capability_area": "artillery",
        "item_type": "",
        "ammunition_family": "",
        "description": "Counter-battery radar with 40 km range",
        "quantity": "6",
        "unit": "systems",
        "unit_kind": "items",
        "period": "total",
        "priority": "2",
        "needed_by": "2026-09-30",
        "releasability": "participants",
    }
    return data | overrides


def test_planner_creates_a_draft_through_the_form(web_data, as_user, planner):
    client = as_user(planner)
    assert b"New requirement" in client.get(reverse("needs:list")).content
    response = client.post(reverse("needs:create"), _form(), follow=True)
    created = Requirement.objects.get(title="Counter-battery radars")
    assert response.redirect_chain[-1][0] == reverse("needs:detail", args=[created.pk])
    assert created.status == RequirementStatus.DRAFT
    assert created.owner.code == "UKR"
    assert created.quantity == Decimal(6)
    assert f"Requirement {created.reference} created as a draft".encode() in response.content
    assert AuditEvent.objects.filter(
        action="requirement.create", object_id=str(created.pk)
    ).exists()


def test_invalid_form_names_the_field_and_writes_nothing(web_data, as_user, planner):
    client = as_user(planner)
    before = Requirement.objects.count()
    response = client.post(reverse("needs:create"), _form(quantity="-3", title=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 0.01." in html
    assert "This field is required." in html
    assert Requirement.objects.count() == before


def test_only_a_planner_gets_the_requirement_form(web_data, as_user, liaison_de, coordinator):
    for person in (liaison_de, coordinator):
        client = as_user(person)
        assert b"New requirement" not in client.get(reverse("needs:list")).content
        page = client.get(reverse("needs:create"), follow=True)
        assert page.redirect_chain[-1][0] == reverse("needs:list")
        assert (
            f"Your role ({person.role_label}) may not write requirements." in page.content.decode()
        )
        assert 'name="title"' not in page.content.decode()
    before = Requirement.objects.count()
    forged = as_user(liaison_de).post(reverse("needs:create"), _form(), follow=True)
    assert "Your role (Donor liaison) may not write requirements." in forged.content.decode()
    assert Requirement.objects.count() == before


def test_stale_edit_shows_the_conflict_and_keeps_the_other_change(web_data, as_user, planner):
    client = as_user(planner)
    draft = web_data.draft
    page = client.get(reverse("needs:edit", args=[draft.pk]))
    assert b'name="version" value="1"' in page.content
    # Someone else saves first.
    Requirement.objects.filter(pk=draft.pk).update(title="Demining kits (revised)", version=2)
    response = client.post(
        reverse("needs:edit", args=[draft.pk]),
        _form(title="Demining kits, manual", capability_area="demining", version="1"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed by someone else (version 2, you edited version 1)" in html
    assert "Reload and apply your change again." in html
    assert Requirement.objects.get(pk=draft.pk).title == "Demining kits (revised)"


def test_edit_with_current_version_saves(web_data, as_user, planner):
    client = as_user(planner)
    response = client.post(
        reverse("needs:edit", args=[web_data.draft.pk]),
        _form(title="Demining kits, manual", capability_area="demining", version="1"),
        follow=True,
    )
    saved = Requirement.objects.get(pk=web_data.draft.pk)
    assert saved.title == "Demining kits, manual"
    assert saved.version == 2
    assert f"Requirement {saved.reference} saved.".encode() in response.content


def test_planner_submits_with_htmx_and_gets_the_new_status(web_data, as_user, planner):
    client = as_user(planner)
    url = reverse("needs:transition", args=[web_data.draft.pk])
    response = client.post(
        url, {"to_status": "submitted", "version": "1"}, headers={"HX-Request": "true"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="requirement-workflow"' in html
    assert "is now Submitted." in html
    assert Requirement.objects.get(pk=web_data.draft.pk).status == RequirementStatus.SUBMITTED


def test_a_liaison_cannot_validate_even_with_a_forged_post(web_data, as_user, liaison_de):
    client = as_user(liaison_de)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("needs:transition", args=[web_data.submitted.pk]),
        {"to_status": "validated", "version": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert (
        "Your role (Donor liaison) may not move a requirement from submitted to validated." in html
    )
    assert 'role="alert"' in html
    fresh = Requirement.objects.get(pk=web_data.submitted.pk)
    assert fresh.status == RequirementStatus.SUBMITTED
    assert fresh.version == 1
    assert AuditEvent.objects.count() == events


def test_transition_from_a_stale_page_is_refused(web_data, as_user, coordinator):
    client = as_user(coordinator)
    Requirement.objects.filter(pk=web_data.submitted.pk).update(version=5)
    response = client.post(
        reverse("needs:transition", args=[web_data.submitted.pk]),
        {"to_status": "validated", "version": "4"},
        follow=True,
    )
    assert "was changed by someone else" in response.content.decode()
    assert Requirement.objects.get(pk=web_data.submitted.pk).status == RequirementStatus.SUBMITTED


def test_transition_is_post_only(web_data, as_user, coordinator):
    response = as_user(coordinator).get(reverse("needs:transition", args=[web_data.submitted.pk]))
    assert response.status_code == 405


def test_edit_page_is_refused_to_others_and_after_draft(web_data, as_user, liaison_de, planner):
    response = as_user(liaison_de).get(reverse("needs:edit", args=[web_data.draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("needs:detail", args=[web_data.draft.pk])
    assert (
        "Only a planner of the owning party may edit requirement UA-2025-0003"
        in response.content.decode()
    )
    forged = as_user(liaison_de).post(
        reverse("needs:edit", args=[web_data.draft.pk]),
        _form(capability_area="demining", version="1"),
    )
    assert forged.status_code == 403
    assert "Your role (Donor liaison) may not edit requirements." in forged.content.decode()
    response = as_user(planner).post(
        reverse("needs:edit", args=[web_data.submitted.pk]), _form(version="1")
    )
    assert "only drafts can be edited" in response.content.decode()
    assert Requirement.objects.get(pk=web_data.submitted.pk).title == "Towed howitzers"


def test_not_found_page_is_friendly(web_data, as_user, liaison_pl):
    response = as_user(liaison_pl).get(reverse("pledges:detail", args=[web_data.german_secret.pk]))
    assert response.status_code == 404
    assert "not releasable to you" in response.content.decode()
