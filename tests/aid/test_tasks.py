"""After a write, the donor's lines are computed again for every visibility class that keeps them: the next
page view finds them warm, and shows the write."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.aid import tasks as aid_tasks
from nsatu.aid.services import link_decision_split
from nsatu.aid.summaries import _compute, donor_lines_get, donor_lines_key, donor_lines_refresh
from nsatu.aid.tasks import donor_lines_refresh_enqueue
from nsatu.audit.services import record_share
from nsatu.pledges.models import Pledge
from nsatu.pledges.services import pledge_update

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _view(user):
    return donor_lines_get(user=user, donor="NOR", first=100)


def _warm(user) -> bool:
    """Whether the next view reads the change stamps and nothing else (no computation)."""
    with CaptureQueriesContext(connection) as stamps:
        donor_lines_key(user=user, donor="NOR", first=100)
    with CaptureQueriesContext(connection) as view:
        _view(user)
    return [q["sql"] for q in view] == [q["sql"] for q in stamps]


def test_a_write_then_the_task_leaves_every_class_that_read_warm_and_up_to_date(
    aid_world, liaison_no, liaison_pl, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    norwegian, polish = _view(liaison_no), _view(liaison_pl)
    with django_capture_on_commit_callbacks() as queued:
        pledge_update(
            actor=liaison_no,
            pledge=Pledge.objects.get(pk=aid_world.secret_m777.pk),
            expected_version=None,
            changes={"quantity": 9},
        )
        donor_lines_refresh_enqueue(
            donors=["NOR", "NOR"]
        )  # the same transaction names Norway again
    assert len(queued) == 1  # one task per donor and transaction
    assert not _warm(liaison_no) and not _warm(liaison_pl)  # the write made both cold
    queued[0]()  # the transaction commits
    assert _warm(liaison_no) and _warm(liaison_pl)
    # Warm and showing the write, each class its own lines.
    assert _view(liaison_no) == _compute(user=liaison_no, donor="NOR", first=100)
    assert _view(liaison_no).in_kind_committed == norwegian.in_kind_committed + 3
    assert _view(liaison_pl) == polish  # the owner-only M777 is none of Poland's business
    # The coordinator's class never read Norway's page: nothing was computed for it.
    assert not _warm(coordinator)


def test_the_refresh_computes_only_what_is_cold_and_skips_a_class_nobody_holds(
    aid_world, liaison_no, liaison_pl, people
):
    _view(liaison_no)
    _view(liaison_pl)
    _view(None)
    assert donor_lines_refresh(donor="NOR") == 0  # all warm already
    Pledge.objects.filter(pk=aid_world.kiel_leopard.pk).update(quantity=7, version=9)
    liaison_pl.is_active = (
        False  # Poland's only liaison leaves: nobody reads as that class any more
    )
    liaison_pl.save(update_fields=["is_active"])
    assert donor_lines_refresh(donor="NOR") == 2  # Norway's class and the public
    assert _warm(liaison_no) and _warm(None)


def test_nothing_is_queued_where_no_page_would_read_the_entry(settings, monkeypatch):
    """A worker's own memory cache is read by no page: with the per-process cache and the database queue,
    the write queues nothing."""
    settings.TASKS = DATABASE_QUEUE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not aid_tasks._reaches_readers()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    assert aid_tasks._reaches_readers()
    settings.TASKS = IMMEDIATE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert aid_tasks._reaches_readers()


@pytest.fixture
def connected():
    aid_tasks.donor_lines_refresh_connect()
    yield
    aid_tasks.donor_lines_refresh_disconnect()


def test_the_services_writes_warm_the_donors_lines_through_the_signals(
    aid_world,
    liaison_no,
    liaison_pl,
    coordinator,
    parties,
    settings,
    connected,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = IMMEDIATE
    w = aid_world
    _view(liaison_no)
    _view(liaison_pl)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_update(
            actor=liaison_no,
            pledge=Pledge.objects.get(pk=w.secret_m777.pk),
            expected_version=None,
            changes={"quantity": 9},
        )
    assert _warm(liaison_no) and _warm(liaison_pl)
    assert _view(liaison_no) == _compute(user=liaison_no, donor="NOR", first=100)
    with django_capture_on_commit_callbacks(execute=True):
        record_share(
            actor=liaison_no, obj=Pledge.objects.get(pk=w.secret_m777.pk), party=parties["POL"]
        )
    assert _warm(liaison_pl) and w.secret_m777.pk in {
        a.pledge_id for line, _ in _view(liaison_pl).rows for a in line.attestations
    }
    with django_capture_on_commit_callbacks(execute=True):
        link_decision_split(
            actor=coordinator, first_id=w.kiel_leopard.pk, second_id=w.oryx_leopard.pk
        )
    assert _warm(liaison_no) and _warm(liaison_pl)
    assert _view(liaison_pl) == _compute(user=liaison_pl, donor="NOR", first=100)
