"""Every user and actor is typed (nsatu.core.actors), and every silenced type error says why."""

from __future__ import annotations

import re

from tests.architecture import graph

REASON = re.compile(r"#\s*type:\s*ignore\[[\w\-, ]+\]\s+#\s*\S")


def test_no_user_or_actor_is_typed_any():
    untyped = [
        f"{path.relative_to(graph.ROOT)}:{line} {name}"
        for path, line, name in graph.any_parameters()
        if name in ("user", "actor", "viewer", "reader")
    ]
    assert untyped == []


def test_every_type_ignore_names_its_error_and_its_reason():
    bare = [
        f"{path.relative_to(graph.ROOT)}:{line}"
        for path, line, text in graph.type_ignores()
        if not REASON.search(text)
    ]
    assert bare == []
