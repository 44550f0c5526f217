"""An import writes pledges in bulk (no signal is sent): once it commits, the pages of the donors it touched
are computed again, so the next view of a donor page is warm and shows the import."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.aid.summaries import _compute, donor_lines_get, donor_lines_key

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HEADER = "donor,category,number_of_weapons,monetary_value_eur,weapons_list\n"


def _warm(user) -> bool:
    with CaptureQueriesContext(connection) as stamps:
        donor_lines_key(user=user, donor="NOR", first=100)
    with CaptureQueriesContext(connection) as view:
        donor_lines_get(user=user, donor="NOR", first=100)
    return [q["sql"] for q in view] == [q["sql"] for q in stamps]


def _imported(run_import, capture, path):
    """One import, committed: its own transaction's callbacks run (the test's transaction never commits)."""
    with capture(execute=True) as queued:
        result = run_import("kiel-weapons", path)
    return result, queued


def test_an_import_that_changes_a_donors_pledges_leaves_its_page_warm(
    run_import, tmp_path, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    cache.clear()
    path = tmp_path / "weapons.csv"
    path.write_text(HEADER + "Norway,Howitzer,2,1000,M109A3GN (2)\n")
    _imported(run_import, django_capture_on_commit_callbacks, path)
    # The coordinator's class keeps Norway's lines.
    donor_lines_get(user=coordinator, donor="NOR", first=100)
    path.write_text(HEADER + "Norway,Howitzer,3,1500,M109A3GN (3)\n")
    _result, queued = _imported(run_import, django_capture_on_commit_callbacks, path)
    assert len(queued) == 1  # one donor touched, one task
    assert _warm(coordinator)
    assert donor_lines_get(user=coordinator, donor="NOR", first=100) == _compute(
        user=coordinator, donor="NOR", first=100
    )


def test_an_unchanged_import_queues_nothing(
    run_import, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    path = tmp_path / "weapons.csv"
    path.write_text(HEADER + "Norway,Howitzer,2,1000,M109A3GN (2)\n")
    _imported(run_import, django_capture_on_commit_callbacks, path)
    _result, queued = _imported(run_import, django_capture_on_commit_callbacks, path)
    assert queued == []


def test_an_import_that_drops_many_of_a_donors_pledges_queues_one_task(
    run_import, tmp_path, settings, django_capture_on_commit_callbacks
):
    # A queryset delete sends a signal for each pledge it drops: still one task for the donor.
    settings.TASKS = IMMEDIATE
    path = tmp_path / "weapons.csv"
    items = "; ".join(f"Type {n} ({n})" for n in range(1, 31))
    path.write_text(HEADER + f'Norway,Howitzer,465,1000,"{items}"\n')
    _imported(run_import, django_capture_on_commit_callbacks, path)
    path.write_text(HEADER + "Norway,Howitzer,3,1000,Type 1 (1); Type 2 (2)\n")
    result, queued = _imported(run_import, django_capture_on_commit_callbacks, path)
    assert result.deleted >= 28
    assert len(queued) == 1
