"""Planning reads that order requirements: one order on SQLite and on PostgreSQL."""

from __future__ import annotations

from django.utils import timezone

from nsatu.needs.models import Requirement
from nsatu.planning.selectors import claims_page_get


def test_the_claim_form_lists_requirements_without_a_needed_by_date_last(plan_world, coordinator):
    Requirement.objects.filter(pk=plan_world.fighters.pk).update(needed_by=None)
    page = claims_page_get(user=coordinator, now=timezone.now())
    # Priority first; within priority 2 the dated shells come before the undated fighters on both databases.
    assert [r.reference for r in page.requirements] == ["UA-T-02", "UA-A-01", "UA-F-01", "UA-T-01"]
