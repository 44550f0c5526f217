"""The reads of the pledge pages and API: form choices, references of an input, the detail's flags."""

from __future__ import annotations

import pytest

from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.needs.models import RequirementStatus
from nsatu.pledges.selectors import (
    pledge_edit_get,
    pledge_form_choices,
    pledge_get_marked,
    pledge_input_resolve,
    pledge_page_get,
)


def test_a_liaison_is_offered_its_own_party_as_donor(web_data, liaison_de, coordinator):
    own = pledge_form_choices(user=liaison_de)
    assert [p.code for p in own.donors] == ["DEU"] and own.own_donor == "DEU"
    assert Releasability.OWNER in own.releasabilities
    assert {r.status for r in own.requirements} == {RequirementStatus.PUBLISHED}
    command = pledge_form_choices(user=coordinator)
    assert command.own_donor is None and "DEU" in {p.code for p in command.donors}
    assert Releasability.OWNER not in command.releasabilities


def test_the_edit_page_keeps_the_current_earmark_selectable(web_data, liaison_de):
    web_data.published.status = RequirementStatus.CLOSED
    web_data.published.save()
    page = pledge_edit_get(user=liaison_de, pk=web_data.german_pledge.pk)
    assert page.may_write and web_data.published in page.requirements


def test_references_are_resolved_or_named_as_the_field_in_error(web_data, liaison_de, liaison_pl):
    data = pledge_input_resolve(
        user=liaison_de, data={"donor": None, "recipient": "ukr", "item_type": None}
    )
    assert (data["donor"].code, data["recipient"].code, data["item_type"]) == ("DEU", "UKR", None)
    with pytest.raises(ValidationError) as refused:
        pledge_input_resolve(user=liaison_pl, data={"requirement": 999_999})
    assert "requirement" in refused.value.message_dict


def test_the_detail_flags_what_the_reader_may_do_and_see(web_data, liaison_de, analyst):
    page = pledge_page_get(user=liaison_de, pk=web_data.german_pledge.pk)
    assert page.may_write and page.may_add_tranche and page.status_moves
    public = pledge_get_marked(user=analyst, pk=web_data.norwegian_pledge.pk)
    # The earmarked requirement is for participants only: the analyst must not learn it exists.
    assert public.requirement_id and not public.requirement_seen
