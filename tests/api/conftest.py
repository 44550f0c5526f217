"""Print what the schemathesis run covered, for the note of issue #6."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.api.test_schemathesis import COUNTS

    operations = COUNTS["operations"]
    if isinstance(operations, set) and operations:
        terminalreporter.write_line(
            f"schemathesis: {len(operations)} operations, {COUNTS['calls']} calls"
        )
