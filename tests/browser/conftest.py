"""Shared setup of the browser tests: Debian's chromium, driven headless through Playwright's sync API, against the
live server, with every page's console errors collected.

Playwright's sync API keeps an asyncio loop running in the test's thread while the browser is open, and Django
refuses database calls there (SynchronousOnlyOperation). Rather than set DJANGO_ALLOW_ASYNC_UNSAFE for the whole
test process, a test touches the database only before the browser starts and after it stops; the live server has
its own thread. So the browser is not a fixture that opens before the test's body: the test builds its records,
then opens the browser with `with chromium.running():`, and reads the database again after the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class Chromium:
    """One headless chromium for one test; each page it opens has a browser context of its own (its own session)
    and reports its page errors and console errors into the test's `console_errors`."""

    def __init__(self, base_url: str, console_errors: list[str]) -> None:
        self.base_url = base_url
        self.console_errors = console_errors
        self._browser: Browser | None = None

    @contextmanager
    def running(self) -> Iterator[Chromium]:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            self._browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield self
            finally:
                self._browser.close()  # closes every page's context too
                self._browser = None

    def page(self, username: str | None = None, *, timeout_ms: int = 15_000) -> Page:
        """A new page in a fresh context, logged in as the named demo person when one is given."""
        if self._browser is None:
            raise RuntimeError("open the browser first: with chromium.running(): ...")
        context = self._browser.new_context(
            locale="en-GB", viewport={"width": 1400, "height": 1000}
        )
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        page.on("console", self._collect)
        if username is not None:
            self.log_in(page, username)
        return page

    def log_in(self, page: Page, username: str) -> None:
        page.goto(self.base_url + "/")
        page.get_by_label("User name", exact=True).fill(username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(self.base_url + "/")

    def log_out(self, page: Page) -> None:
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(re.compile(r"/accounts/login/"))
        assert page.get_by_text("You have been logged out.").is_visible()

    def _collect(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.console_errors.append(f"console {msg.type}: {msg.text}")


@pytest.fixture
def server_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def console_errors() -> list[str]:
    """Page errors and console errors of every page the test's chromium opened; read it after the browser stops."""
    return []


@pytest.fixture
def chromium(server_url: str, console_errors: list[str]) -> Chromium:
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    return Chromium(server_url, console_errors)
