"""The response cache of API reads (core.api_common.ApiReadCacheMiddleware, issue #18): a repeated read is
answered without reading the page again, no reader is ever handed another reader's answer, and any commit makes
the next read current.

These tests commit (transaction=True): inside a test's transaction the cache stands aside (data_stamp() is None
there), as it must for a request that could see its own uncommitted writes. A served answer is recognised by
the queries it cost: one, the data stamp. On PostgreSQL the stamp is the server's snapshot, which any other
database's writes move (other test processes share the server), so there a hit is likely but not certain and
only what must always hold is asserted: no leak, nothing stale.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nsatu.accounts.models import ApiToken
from nsatu.core.api_common import _Kept, data_stamp
from nsatu.core.models import Releasability
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

pytestmark = pytest.mark.django_db(transaction=True)

SQLITE = connection.vendor == "sqlite"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _pledge(parties: dict[str, Party], code: str, text: str, releasability: str) -> Pledge:
    return Pledge.objects.create(
        donor=parties[code],
        owner=parties[code],
        recipient=parties["UKR"],
        description=text,
        quantity=1,
        announced_on=dt.date(2025, 3, 1),
        releasability=releasability,
    )


def _warm(caller: Any, path: str) -> None:
    """The first read of a token writes when it was used (a commit: a new stamp); the next one is kept."""
    _read(caller, path)
    _read(caller, path)


def _read(caller: Any, path: str, **headers: str) -> tuple[int, bytes, int, Any]:
    """Status, body, queries run, and the response itself."""
    with CaptureQueriesContext(connection) as queries:
        response = caller.client.get(path, headers={**caller._headers(), **headers})
    return response.status_code, response.content, len(queries), response


def test_a_norwegian_and_a_polish_liaison_never_get_each_others_answer(
    parties: Any, api: Any, liaison_no: Any, liaison_pl: Any
) -> None:
    _pledge(parties, "NOR", "norwegian secret", Releasability.OWNER)
    _pledge(parties, "POL", "polish secret", Releasability.OWNER)
    _pledge(parties, "DEU", "public line", Releasability.PUBLIC)
    norway, poland = api(liaison_no), api(liaison_pl)
    for _ in range(3):
        for caller, own, other in (
            (norway, b"norwegian secret", b"polish secret"),
            (poland, b"polish secret", b"norwegian secret"),
        ):
            # the same address, read in turn: the same data stamp, two tokens, two answers
            status, body, _queries, _response = _read(caller, "/api/pledges/")
            assert status == 200
            assert own in body and b"public line" in body
            assert other not in body
    if SQLITE:
        # the last round came from the cache: the stamp was the only query
        assert _read(norway, "/api/pledges/")[2] == 1
        assert _read(poland, "/api/pledges/")[2] == 1


def test_a_commit_makes_the_next_read_current(parties: Any, api: Any, liaison_pl: Any) -> None:
    pledge = _pledge(parties, "POL", "first words", Releasability.OWNER)
    caller = api(liaison_pl)
    _warm(caller, f"/api/pledges/{pledge.pk}")
    status, body, queries, _response = _read(caller, f"/api/pledges/{pledge.pk}")
    assert b"first words" in body
    if SQLITE:
        assert queries == 1
    Pledge.objects.filter(pk=pledge.pk).update(description="second words")
    status, body, queries, _response = _read(caller, f"/api/pledges/{pledge.pk}")
    assert status == 200 and b"second words" in body and b"first words" not in body
    assert queries > 1


def test_a_write_from_another_connection_is_seen_too(
    parties: Any, api: Any, liaison_pl: Any
) -> None:
    pledge = _pledge(parties, "POL", "before", Releasability.OWNER)
    caller = api(liaison_pl)
    _warm(caller, "/api/pledges/")
    assert b"before" in _read(caller, "/api/pledges/")[1]

    def elsewhere() -> None:
        # another thread has its own connection: the write is another connection's commit
        Pledge.objects.filter(pk=pledge.pk).update(description="after")
        connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert b"after" in _read(caller, "/api/pledges/")[1]


def test_a_revoked_token_is_refused_at_once(parties: Any, api: Any, liaison_pl: Any) -> None:
    caller = api(liaison_pl)
    assert _read(caller, "/api/pledges/")[0] == 200
    assert _read(caller, "/api/pledges/")[0] == 200
    ApiToken.objects.filter(user=liaison_pl).update(revoked_at=dt.datetime.now(dt.UTC))
    assert _read(caller, "/api/pledges/")[0] == 401


def test_a_held_copy_gets_304_from_the_cache(parties: Any, api: Any, coordinator: Any) -> None:
    _pledge(parties, "DEU", "a line", Releasability.PUBLIC)
    caller = api(coordinator)
    _warm(caller, "/api/pledges/")
    status, _body, _queries, first = _read(caller, "/api/pledges/")
    etag = first.headers["ETag"]
    status, body, queries, again = _read(caller, "/api/pledges/", **{"If-None-Match": etag})
    assert status == 304 and body == b"" and again.headers["ETag"] == etag
    assert "Authorization" in again.headers["Vary"]
    if SQLITE:
        assert queries == 1


def test_an_answer_turned_into_a_304_is_still_kept_for_the_next_reader(
    parties: Any, api: Any, coordinator: Any
) -> None:
    _pledge(parties, "DEU", "a line", Releasability.PUBLIC)
    caller = api(coordinator)
    _read(caller, "/api/pledges/")  # the token's use is written: a new stamp
    etag = _read(caller, "/api/pledges/")[3].headers["ETag"]
    Party.objects.filter(code="USA").update(name="United States of America")  # a new stamp again
    assert _read(caller, "/api/pledges/", **{"If-None-Match": etag})[0] == 304  # built, sent as 304
    status, body, queries, response = _read(caller, "/api/pledges/")
    assert status == 200 and b"a line" in body and response.headers["ETag"] == etag
    assert "Content-Security-Policy" in response.headers
    if SQLITE:
        assert queries == 1


def test_refusals_and_session_calls_are_not_kept(
    parties: Any, api: Any, client: Any, liaison_pl: Any, liaison_de: Any
) -> None:
    hidden = _pledge(parties, "DEU", "german only", Releasability.OWNER)
    caller = api(liaison_pl)
    for _ in range(2):
        status, _body, queries, _response = _read(caller, f"/api/pledges/{hidden.pk}")
        assert status == 404 and queries > 1
    client.force_login(liaison_de)
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/pledges/").status_code == 200
        assert len(captured) > 1


def test_the_stamp_moves_with_every_commit(parties: Any) -> None:
    before = data_stamp()
    assert before is not None
    Party.objects.filter(code="NOR").update(name="Kingdom of Norway")
    assert data_stamp() != before


def test_an_answer_is_kept_only_for_its_time_and_its_token() -> None:
    kept = _Kept(created=1000.0, token_expires=1030.0, headers=(), content=b"{}")
    assert kept.usable(1005.0, seconds=10)
    assert not kept.usable(1010.0, seconds=10)  # older than the setting
    assert not kept.usable(1030.0, seconds=60)  # the token has expired


def test_a_cache_kept_in_the_database_is_not_used_for_api_reads(
    parties: Any, api: Any, liaison_pl: Any, settings: Any
) -> None:
    """Its own writes would move the stamp it is keyed by: the API read cache stands aside."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nsatu_cache",
        }
    }
    pledge = _pledge(parties, "POL", "kept words", Releasability.OWNER)
    caller = api(liaison_pl)
    _warm(caller, f"/api/pledges/{pledge.pk}")
    status, body, queries, _response = _read(caller, f"/api/pledges/{pledge.pk}")
    assert status == 200 and b"kept words" in body
    assert queries > 1


@pytest.mark.skipif(not SQLITE, reason="the SQLite stamp")
def test_the_sqlite_stamp_names_its_process() -> None:
    """Workers forked from one master count alike: the stamp holds the process id so theirs never meet."""
    import os

    stamp = data_stamp()
    assert stamp is not None and f":{os.getpid()}:" in stamp


def test_an_answer_kept_for_one_host_is_not_given_to_a_host_not_allowed(
    parties: Any, api: Any, coordinator: Any
) -> None:
    """The key holds the host as sent; a host Django refuses never had an answer kept, so it is refused."""
    _pledge(parties, "DEU", "a line", Releasability.PUBLIC)
    caller = api(coordinator)
    _warm(caller, "/api/pledges/")
    assert _read(caller, "/api/pledges/")[0] == 200
    for _ in range(2):
        assert _read(caller, "/api/pledges/", Host="evil.example")[0] == 400
