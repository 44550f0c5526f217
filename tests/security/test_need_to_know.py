"""Need-to-know, as a property: whatever records exist, no page, API call or export shows one to a user who may not
read it, and adding records a user may not read changes nothing that user sees (no count, total or chart moves).

Every GET endpoint is taken from the URL configuration and every record model from the app registry, so an app
added later is covered without editing this test.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nsatu.accounts.models import User
from nsatu.core.actors import Role
from nsatu.core.models import Record, RecordShare, Releasability
from nsatu.core.tables import ExportError, render
from nsatu.demo.people import DEMO_PEOPLE
from nsatu.exchange.exports import TABLES
from nsatu.parties.models import Party
from tests.conftest import PARTIES
from tests.security.endpoints import FORMATS, Endpoint, all_endpoints
from tests.security.record_maker import dependency_kwargs, make, record_models

OWNERS = ("DEU", "POL", "UKR", "NOR", "NSATU")
MISSING_ID = "999999999"
# Per-response noise that is not data: the CSRF token and CSP nonce change with every rendering.
# A masked CSRF token is 64 letters and digits wherever a template puts it (form field, hx-headers).
NOISE = [
    re.compile(rb"()(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])"),
    re.compile(rb'(nonce=")[^"]*'),
]
# What the run covered, printed at the end of the session (see the note of issue #6).
COVERAGE: dict[str, set[str] | int] = {
    "endpoints": set(),
    "detail_hits": set(),
    "requests": 0,
    "examples": 0,
}


def may_read(user: User, record: Record, shared_with: Party | None) -> bool:
    """The visibility matrix of issue #6, restated here on purpose rather than imported from visible_q."""
    if record.releasability == Releasability.PUBLIC:
        return True
    if user.party_id is not None and user.party_id in (
        record.owner_id,
        getattr(shared_with, "pk", None),
    ):
        return True
    if record.releasability == Releasability.PARTICIPANTS:
        return user.role in (Role.COORDINATOR, Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER)
    if record.releasability == Releasability.COMMAND:
        return user.role == Role.COORDINATOR
    return False


def readable(response: Any) -> bytes:
    content = b"".join(response) if response.streaming else response.content
    if content.startswith(b"PK"):
        # An xlsx: its text is in the zipped XML; the zip's own timestamps are not data.
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = sorted(
                n for n in archive.namelist() if n.startswith("xl/") and n.endswith(".xml")
            )
            content = b"".join(archive.read(n) for n in names)
    return content


def normalised(content: bytes) -> bytes:
    for pattern in NOISE:
        content = pattern.sub(rb"\1", content)
    return content


def difference(before: bytes, after: bytes) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    return f"before ...{before[max(0, at - 200) : at + 200]!r}... after ...{after[max(0, at - 200) : at + 200]!r}..."


RECORD_MODELS = record_models()
records = st.lists(
    st.tuples(
        st.sampled_from(RECORD_MODELS),
        st.sampled_from(Releasability.values),
        st.sampled_from(OWNERS),
        st.none() | st.sampled_from(OWNERS),
    ),  # the party the owner explicitly shared the record with
    min_size=1,
    max_size=4,
)


class NeedToKnow(TestCase):
    viewer_name = ""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.parties = {
            code: Party.objects.create(
                code=code, name=name, kind=kind, releasability=Releasability.PUBLIC
            )
            for code, name, kind in PARTIES
        }
        cls.people = {
            p.username: User.objects.create_user(
                username=p.username,
                role=p.role,
                party=cls.parties[p.party_code] if p.party_code else None,
            )
            for p in DEMO_PEOPLE
        }
        endpoints = all_endpoints()
        cls.lists = [e for e in endpoints if not e.params or e.is_format]
        cls.details = [e for e in endpoints if e.params and not e.is_format]

    def list_urls(self) -> Iterable[str]:
        for endpoint in self.lists:
            if endpoint.is_format:
                yield from (endpoint.fill(fmt) for fmt in FORMATS)
            else:
                yield endpoint.fill("")
                yield endpoint.fill("") + "?format=csv"

    def snapshot(self, client: Client, viewer: User) -> dict[str, bytes]:
        shots = {}
        for url in self.list_urls():
            response = client.get(url)
            assert response.status_code < 500, f"{url} as {viewer.username}: {response.status_code}"
            shots[url] = normalised(readable(response))
        for table_name, table in TABLES.items():
            for fmt in ("csv", "json"):
                try:
                    rows = table(user=viewer, options={})
                except (
                    ExportError
                ):  # a table of reference figures that needs options (defence-spending: a year)
                    continue
                shots[f"export {table_name} {fmt}"] = render(rows, fmt)
        COVERAGE["requests"] += len(shots)  # type: ignore[operator]
        return shots

    def check_hidden(
        self, client: Client, viewer: User, endpoint: Endpoint, record: Any, marker: str
    ) -> None:
        values = [str(record.pk)] + (
            [record.code] if isinstance(getattr(record, "code", None), str) else []
        )
        for value in values:
            url = endpoint.fill(value)
            response = client.get(url)
            baseline = client.get(endpoint.fill(MISSING_ID if value.isdigit() else "ZZNOPE"))
            COVERAGE["requests"] += 2  # type: ignore[operator]
            content = response.getvalue()  # a streamed download is read whole too
            assert marker.lower().encode() not in content.lower(), (
                f"{url} shows hidden {type(record).__name__} {marker} to {viewer.username}"
            )
            # An object one may not see answers like one that does not exist: no 403 that confirms it is there.
            assert response.status_code == baseline.status_code, (
                f"{url} as {viewer.username}: {response.status_code} for a hidden {type(record).__name__}, "
                f"{baseline.status_code} for a missing one"
            )

    def check_visible_detail(
        self, client: Client, endpoint: Endpoint, record: Any, marker: str
    ) -> None:
        response = client.get(endpoint.fill(str(record.pk)))
        shown = not response.streaming and marker.lower().encode() in response.content.lower()
        if response.status_code == 200 and shown:
            COVERAGE["detail_hits"].add(f"{endpoint.route} -> {type(record).__name__}")  # type: ignore[union-attr]

    def create(
        self,
        model: type[Record],
        releasability: str,
        party: Party,
        marker: str,
        deps: dict[str, Any],
        shared_with: Party | None,
    ) -> Any:
        record = make(
            model, marker=marker, releasability=releasability, owner=party, party=party, deps=deps
        )
        if shared_with is not None and shared_with != party:
            RecordShare.objects.create(
                content_type=ContentType.objects.get_for_model(model),
                object_id=record.pk,
                party=shared_with,
            )
        return record

    def run_example(self, specs: list[tuple[type[Record], str, str, str | None]]) -> None:
        viewer = self.people[self.viewer_name]
        client = Client()
        client.force_login(viewer)
        # Dependencies (public, unmarked) exist before the first snapshot, so only the marked records differ.
        planned = []
        for n, (model, releasability, owner_code, share_code) in enumerate(specs):
            party = self.parties[owner_code]
            shared_with = self.parties[share_code] if share_code else None
            marker = f"qzx{n}{model.__name__.lower()[:4]}{releasability[:3]}"
            deps = dependency_kwargs(model, party=party)
            planned.append((model, releasability, party, marker, deps, shared_with))
        hidden = []
        for model, releasability, party, marker, deps, shared_with in planned:
            if may_read(viewer, model(owner=party, releasability=releasability), shared_with):
                self.create(model, releasability, party, marker, deps, shared_with)
        before = self.snapshot(client, viewer)
        for model, releasability, party, marker, deps, shared_with in planned:
            if not may_read(viewer, model(owner=party, releasability=releasability), shared_with):
                hidden.append(
                    (self.create(model, releasability, party, marker, deps, shared_with), marker)
                )
        after = self.snapshot(client, viewer)
        for key, content in after.items():
            for record, marker in hidden:
                at = content.lower().find(marker.encode())
                assert at < 0, (
                    f"{key} shows hidden {type(record).__name__} ({record.releasability}, owner "
                    f"{record.owner.code}) to {viewer.username}: ...{content[max(0, at - 300) : at + 60]!r}..."
                )
            assert content == before[key], (
                f"{key} changed for {viewer.username} when records it may not see were added: "
                f"{[(type(r).__name__, r.releasability, r.owner.code) for r, _m in hidden]}: "
                f"{difference(before[key], content)}"
            )
        for endpoint in self.details:
            COVERAGE["endpoints"].add(endpoint.route)  # type: ignore[union-attr]
            for record, marker in hidden:
                self.check_hidden(client, viewer, endpoint, record, marker)
        owner_client = Client()
        for record, marker in hidden:
            owner = next((u for u in self.people.values() if u.party_id == record.owner_id), None)
            if owner is not None:
                owner_client.force_login(owner)
                for endpoint in self.details:
                    self.check_visible_detail(owner_client, endpoint, record, marker)
        COVERAGE["endpoints"].update(e.route for e in self.lists)  # type: ignore[union-attr]
        COVERAGE["examples"] += 1  # type: ignore[operator]


def _role_test(username: str) -> Any:
    @settings(
        max_examples=3,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )  # shrinking would re-run every endpoint many times
    @given(specs=records)
    def test(self: NeedToKnow, specs: list[tuple[type[Record], str, str, str | None]]) -> None:
        self.viewer_name = username
        self.run_example(specs)

    test.__name__ = f"test_nothing_hidden_leaks_to_{username.replace('.', '_')}"
    return test


for _person in DEMO_PEOPLE:
    _t = _role_test(_person.username)
    setattr(NeedToKnow, _t.__name__, _t)
