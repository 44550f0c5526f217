"""Re-importing an unchanged Kiel file changes nothing: values are compared as the database stores them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("kind", ["kiel-aid", "kiel-weapons"])
def test_reimporting_the_same_file_reports_nothing_changed(run_import, kind):
    if kind == "kiel-weapons":
        run_import("equipment")
    first = run_import(kind)
    assert first.created > 0
    again = run_import(kind)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0), again
    assert again.unchanged == first.created
