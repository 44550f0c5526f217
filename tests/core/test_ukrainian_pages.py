"""Nothing left in English (issue #16, point 5): every page, read in Ukrainian by the coordinator, Ukraine's
planner and a donor liaison, over the demo's records, holds no English phrase of nsatu's own catalogues.

Walks every page route without parameters from the URL configuration (as tests/security/endpoints.py), then the
detail and form pages those pages link to, a few of each; and posts the main forms empty, so that their error
messages are read too. Every phrase found is printed with its address and a little context.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client, TestCase, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from nsatu.accounts.models import User
from nsatu.demo.services import demo_build
from nsatu.planning.models import AllocationRun
from nsatu.planning.wording import line_reason_text, reason_text
from tests.core.english import english_in, iso_dates_in, phrases, stored_texts
from tests.security.endpoints import all_endpoints

ROLES = ("coord.ribeiro", "planner.ua.kovalenko", "liaison.de.weber")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Not pages: the API and the admin (Django's own), downloads (their headers are checked with the exports),
# and the addresses that only take a POST.
SKIPPED = ("api/", "admin/", "accounts/logout/", "accounts/language/")
DOWNLOAD = re.compile(r"\.(xlsx|csv|pdf|json)$|[?&]format=")
HREF = re.compile(rb'href="(/[^"#]*)"')
LINKED_PER_ROUTE = 2
# The main forms, posted empty: their error messages are what a user reads first when something is missing.
FORMS = (
    "/requirements/new/",
    "/pledges/new/",
    "/logistics/shipments/new/",
    "/flows/new/",
    "/agreements/new/",
    "/training/courses/new/",
    "/production/new/",
    "/roadmap/new/",
    "/council/meetings/new/",
    "/catalogue/new/",
    "/accounts/profile/",
)


@override_settings(TASKS=IMMEDIATE)
class UkrainianPages(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with tempfile.TemporaryDirectory() as var:
            demo_build(data_dir=Path(settings.DATA_DIR), var_dir=Path(var))
        cls.users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
        cls.stored = stored_texts()

    def _client(self, username: str) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(self.users[username])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
        return client

    def _sweep(self, username: str) -> dict[str, list[str]]:
        client = self._client(username)
        found: dict[str, list[str]] = {}
        self.failed: list[str] = []
        seen_routes: dict[str, int] = defaultdict(int)
        queue = [
            "/" + e.route
            for e in all_endpoints()
            if not e.params and not e.route.startswith(SKIPPED)
        ]
        visited: set[str] = set()
        while queue:
            url = queue.pop(0)
            if url in visited:
                continue
            visited.add(url)
            response = client.get(url)
            if response.status_code >= 500:
                self.failed.append(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            self.assertIn('lang="uk"', response.content.decode()[:300], url)
            hits = english_in(response.content, self.stored) + iso_dates_in(
                response.content, self.stored
            )
            if hits:
                found[url] = hits
            for href in HREF.findall(response.content):
                link = href.decode().replace("&amp;", "&")
                path = urlsplit(link).path
                if DOWNLOAD.search(link) or path.startswith(tuple("/" + s for s in SKIPPED)):
                    continue
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                if not match.kwargs or path in visited:
                    continue
                if seen_routes[match.view_name] < LINKED_PER_ROUTE:
                    seen_routes[match.view_name] += 1
                    queue.append(path)
        for url in FORMS:
            response = client.post(url, {})
            if response.status_code in (200, 400) and (
                hits := english_in(response.content, self.stored)
            ):
                found[f"POST {url}"] = hits
        self.visited = visited
        return found

    def _check(self, username: str) -> None:
        self.assertGreater(len(phrases()), 1000)  # the catalogues were read
        found = self._sweep(username)
        self.assertGreater(len(self.visited), 60)  # the walk reached the pages and their records
        report = "\n".join(f"{url}:\n    " + "\n    ".join(hits) for url, hits in found.items())
        failed = "".join(f"\n{url}: failed, so not read" for url in self.failed)
        self.assertFalse(
            found or self.failed, f"English on Ukrainian pages as {username}:\n{report}{failed}"
        )

    def test_coordinator(self) -> None:
        self._check("coord.ribeiro")

    def test_planner(self) -> None:
        self._check("planner.ua.kovalenko")

    def test_liaison(self) -> None:
        self._check("liaison.de.weber")

    def test_the_same_pages_in_english_are_found_out(self) -> None:
        """The check can fail: the pages read in English hold the phrases it looks for."""
        client = self._client("coord.ribeiro")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        run = AllocationRun.objects.order_by("pk").first()
        assert run is not None, "the demo plans a run"
        run_page = reverse("planning:run", args=[run.pk])
        for url in ("/", "/requirements/", "/logistics/shipments/", run_page):
            response = client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertGreater(len(english_in(response.content, self.stored)), 5, url)


REASON = (
    "units that could have arrived in time went to requirements where they count at least as much: "
    "UA-SR-24, UA-SR-19 and 6 more"
)
LINE = (
    "arrival held back by hub Rzeszów capacity (month 5, needed by month 3, 2 months late) from DNK's funds "
    "f990 (national) buying 155mm shell; eligible offer t12 ready in month 4 still had units left"
)


def test_the_engines_explanations_are_worded_in_ukrainian() -> None:
    """The planning engine writes English; the pages say it in Ukrainian, keeping every name and figure."""
    with translation.override("uk"):
        reason = reason_text("taken_by_higher_priority", REASON)
        line = line_reason_text(LINE)
        unknown = reason_text("funds_exhausted", "a sentence the engine has not written before")
    assert reason == (
        "одиниці, що могли надійти вчасно, спрямовано на потреби, де вони важать щонайменше стільки ж: "
        "UA-SR-24, UA-SR-19 і ще 6"
    )
    assert line.startswith(
        "надходження затримане пропускною спроможністю логістичного хабу Rzeszów"
    )
    for kept in (
        "місяць 5",
        "до місяця 3",
        "запізнення на 2 місяці",
        "f990",
        "DNK",
        "155mm shell",
        "t12",
    ):
        assert kept in line
    assert "(національний)" in line
    assert unknown == "придатні кошти вичерпано"  # the reason's label, never the engine's English
    with translation.override("en"):
        assert reason_text("taken_by_higher_priority", REASON) == REASON
        assert line_reason_text(LINE) == LINE
