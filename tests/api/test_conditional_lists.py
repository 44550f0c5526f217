"""API lists (issue #18): an ETag on every page, 304 for a copy that is still current, a new ETag when the page
would change; `next` cursors that read every row once; a count bounded at COUNT_CAP."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge

MIDDLEWARE = "nsatu.core.api_common.ListETagMiddleware"


@pytest.fixture(autouse=True)
def _etag_middleware(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def _conditional(caller, path: str, etag: str):
    response = caller.client.get(path, headers={**caller._headers(), "If-None-Match": etag})
    return response


def test_a_current_copy_gets_304_and_a_changed_page_a_new_etag(world, api, coordinator, liaison_de):
    caller = api(coordinator)
    first = caller.get("/api/pledges/")
    etag = first.headers["ETag"]
    assert first.status == 200 and etag.startswith('"')
    assert "private" in first.headers["Cache-Control"]
    again = _conditional(caller, "/api/pledges/", etag)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    assert _conditional(caller, "/api/pledges/", f'W/{etag}, "other"').status_code == 304
    # Another page, another reader, another language: another ETag.
    assert _conditional(caller, "/api/pledges/?limit=1", etag).status_code == 200
    other = api(liaison_de).get("/api/pledges/")
    assert other.headers["ETag"] != etag
    # An edit of one row of the page changes the ETag: the stale copy is served again in full.
    pledge = Pledge.objects.filter(pk=first.body["items"][0]["id"]).get()
    Pledge.objects.filter(pk=pledge.pk).update(description="changed", version=pledge.version + 1)
    changed = _conditional(caller, "/api/pledges/", etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_pledge_made_hidden_changes_the_etag_and_leaves_the_page(world, api, liaison_pl):
    caller = api(liaison_pl)
    before = caller.get("/api/pledges/")
    shown = {p["id"] for p in before.body["items"]}
    public = (
        Pledge.objects.filter(pk__in=shown)
        .exclude(owner=liaison_pl.party)
        .exclude(releasability=Releasability.OWNER)
        .first()
    )
    assert public is not None
    Pledge.objects.filter(pk=public.pk).update(releasability=Releasability.COMMAND)
    after = _conditional(caller, "/api/pledges/", before.headers["ETag"])
    assert after.status_code == 200
    assert public.pk not in {p["id"] for p in json.loads(after.content)["items"]}


def test_every_list_endpoint_answers_with_an_etag(world, api, coordinator):
    caller = api(coordinator)
    for path in ("/api/parties/", "/api/item-types/", "/api/flows/", "/api/requirements/"):
        response = caller.get(path)
        assert response.status == 200, path
        assert {"items", "count", "count_exact", "next"} <= set(response.body), path
        assert _conditional(caller, path, response.headers["ETag"]).status_code == 304, path


def test_next_cursors_read_every_visible_row_once(world, parties, api, coordinator, liaison_pl):
    for n in range(23):
        Pledge.objects.create(
            donor=parties["POL" if n % 2 else "DEU"],
            owner=parties["POL" if n % 2 else "DEU"],
            recipient=parties["UKR"],
            description=f"api line {n}",
            quantity=1,
            announced_on=dt.date(2024, 1, 1),
            releasability=Releasability.OWNER if n % 5 == 0 else Releasability.PUBLIC,
        )
    for user in (coordinator, liaison_pl):
        caller = api(user)
        everything = caller.get("/api/pledges/", limit=500).body
        expected = [p["id"] for p in everything["items"]]
        assert everything["count"] == len(expected) and everything["count_exact"]
        assert everything["next"] is None
        seen, page = [], caller.get("/api/pledges/", limit=4).body
        while True:
            seen += [p["id"] for p in page["items"]]
            assert page["count"] == len(expected)
            if page["next"] is None:
                break
            page = caller.get("/api/pledges/", limit=4, cursor=page["next"]).body
        assert seen == expected
        hidden = set(
            Pledge.objects.exclude(owner=user.party)
            .filter(releasability=Releasability.OWNER)
            .values_list("pk", flat=True)
        )
        assert hidden and not hidden & set(seen)
        # offset still works, and agrees with the cursor's pages.
        assert [p["id"] for p in caller.get("/api/pledges/", limit=4, offset=4).body["items"]] == (
            expected[4:8]
        )
