"""Print what the need-to-know property test covered, for the note of issue #6."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.security.test_need_to_know import COVERAGE
    from tests.security.test_need_to_know_links import COUNTS

    if COUNTS["roles"]:
        terminalreporter.write_line(
            f"need-to-know through links: {COUNTS['routes']} routes, {COUNTS['roles']} roles, "
            f"{COUNTS['links']} planted links, {COUNTS['derived']} derived results (allocation runs), "
            f"{COUNTS['responses']} responses checked, {COUNTS['leaks']} leaks"
        )

    if not COVERAGE["examples"]:
        return
    endpoints, hits = COVERAGE["endpoints"], COVERAGE["detail_hits"]
    assert isinstance(endpoints, set) and isinstance(hits, set)
    terminalreporter.write_line(
        f"need-to-know: {COVERAGE['examples']} examples, {len(endpoints)} GET endpoints, "
        f"{COVERAGE['requests']} responses checked, {len(hits)} detail endpoints seen showing their record"
    )
