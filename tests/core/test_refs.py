"""core/refs.py: a related record is named through the reader's visibility, the same on every surface."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from nsatu.core.models import Releasability
from nsatu.core.refs import (
    mark_loaded_refs,
    ref_id,
    ref_label,
    ref_restricted,
    ref_shown,
    restricted_label,
)
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_visible
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_get_marked

pytestmark = pytest.mark.django_db


@pytest.fixture
def earmarked(parties):
    """A pledge every participant may read, earmarked for a requirement only the command may read."""
    need = Requirement.objects.create(
        reference="UA-C-07",
        title="Counter-battery radars for the southern front",
        capability_area="air_defence",
        quantity=Decimal(3),
        priority=1,
        owner=parties["UKR"],
        status=RequirementStatus.PUBLISHED,
        releasability=Releasability.COMMAND,
        needed_by=dt.date(2026, 9, 30),
    )
    pledge = Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        quantity=2,
        description="Radars from Norwegian stocks",
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
        requirement=need,
    )
    return pledge, need


def _ref_link(pledge: Pledge, *, title: bool = False) -> str:
    template = Template('{% load nsatu_ui %}{% ref_link p "requirement" "needs:detail" title=t %}')
    return template.render(Context({"p": pledge, "t": title}))


def test_a_reader_who_may_see_the_target_gets_its_reference_and_link(earmarked, coordinator):
    pledge, need = earmarked
    marked = pledge_get_marked(user=coordinator, pk=pledge.pk)
    assert ref_shown(marked, "requirement") == need
    assert ref_id(marked, "requirement") == need.pk
    assert ref_label(marked, "requirement", title=True) == f"UA-C-07 {need.title}"
    assert not ref_restricted(marked, "requirement")
    html = _ref_link(marked, title=True)
    assert f'href="/requirements/{need.pk}/"' in html and "UA-C-07</a> Counter-battery" in html


def test_a_reader_who_may_not_gets_a_restricted_requirement_and_nothing_else(earmarked, liaison_pl):
    pledge, need = earmarked
    marked = pledge_get_marked(user=liaison_pl, pk=pledge.pk)
    assert ref_shown(marked, "requirement") is None
    assert ref_id(marked, "requirement") is None
    assert ref_restricted(marked, "requirement")
    assert ref_label(marked, "requirement") == restricted_label(Requirement)
    assert restricted_label(Requirement) == "a restricted requirement"
    html = _ref_link(marked, title=True)
    assert "a restricted requirement" in html
    for hidden in ("UA-C-07", "Counter-battery", f"/requirements/{need.pk}/", "href"):
        assert hidden not in html


def test_an_unmarked_link_counts_as_hidden(earmarked):
    pledge, _need = earmarked
    fresh = Pledge.objects.get(pk=pledge.pk)  # read without mark_visible_refs
    assert ref_shown(fresh, "requirement") is None
    assert ref_label(fresh, "requirement") == "a restricted requirement"


def test_no_link_is_a_dash_not_a_restriction(parties, coordinator):
    pledge = Pledge.objects.create(
        donor=parties["NOR"],
        owner=parties["NOR"],
        recipient=parties["UKR"],
        quantity=1,
        releasability=Releasability.PUBLIC,
    )
    marked = pledge_get_marked(user=coordinator, pk=pledge.pk)
    assert ref_label(marked, "requirement") == ""
    assert not ref_restricted(marked, "requirement")
    assert _ref_link(marked) == "—"


def test_loaded_records_are_marked_in_one_query(
    earmarked, liaison_pl, coordinator, django_assert_num_queries
):
    pledge, need = earmarked
    rows = [Pledge.objects.get(pk=pledge.pk)]
    with django_assert_num_queries(1):
        mark_loaded_refs(rows, field="requirement", visible=requirement_visible(user=liaison_pl))
    assert ref_shown(rows[0], "requirement") is None
    mark_loaded_refs(rows, field="requirement", visible=requirement_visible(user=coordinator))
    assert ref_shown(rows[0], "requirement") == need
