"""The reads of the requirement pages and API: visibility, the edit page, references of an input."""

from __future__ import annotations

import pytest

from nsatu.core.errors import NotFound, ValidationError
from nsatu.needs.selectors import requirement_edit_get, requirement_get, requirement_input_resolve


def test_the_edit_page_says_whether_the_reader_may_edit(web_data, planner, coordinator):
    assert requirement_edit_get(user=planner, pk=web_data.draft.pk).may_edit
    assert not requirement_edit_get(user=coordinator, pk=web_data.draft.pk).may_edit
    with pytest.raises(NotFound):
        requirement_get(user=None, pk=web_data.draft.pk)  # participants only


def test_references_are_resolved_or_named_as_the_field_in_error(web_data, planner):
    data = requirement_input_resolve(user=planner, data={"item_type": web_data.shell.pk})
    assert data["item_type"] == web_data.shell
    with pytest.raises(ValidationError) as refused:
        requirement_input_resolve(user=planner, data={"ammunition_family": 999_999})
    assert "ammunition_family" in refused.value.message_dict
