"""The transaction rule of docs/architecture.md: every public service is one unit of work and opens it
itself; nothing else opens one."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture import graph

# The body of the plan-run task commits each stage apart: other sessions follow its progress.
STAGED = {"nsatu/planning/execution.py"}


def _is_services(path: Path) -> bool:
    # A domain's services.py, or a `<topic>_services.py` beside it once services.py outgrows the size limit.
    return path.name == "services.py" or path.name.endswith("_services.py")


def _opens_a_transaction(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr == "atomic")
        or (isinstance(node, ast.Name) and node.id == "atomic")
    ]


def test_nothing_but_a_service_opens_a_transaction():
    """Pages, API, forms, commands, tasks, selectors, importers' helpers and the demo builders never do."""
    opened = []
    for path in graph.source_files():
        name = str(path.relative_to(graph.ROOT))
        if _is_services(path) or name in STAGED:
            continue
        opened += [f"{name}:{line}" for line in _opens_a_transaction(path)]
    assert opened == []


def test_every_public_service_is_one_atomic_unit_of_work():
    bare = []
    for path in graph.source_files():
        if not _is_services(path):
            continue
        module = ".".join(path.relative_to(graph.ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            decorators = {ast.unparse(d) for d in node.decorator_list}
            if "transaction.atomic" not in decorators:
                bare.append(f"{module}:{node.name}")
    assert bare == []


def test_the_check_sees_a_transaction_opened_in_a_view(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "from django.db import transaction\n\ndef v():\n    with transaction.atomic():\n        pass\n"
    )
    assert _opens_a_transaction(view) == [4]


def test_no_page_or_endpoint_writes_through_two_services():
    """Each service commits on its own: two from one request would leave the first written if the second
    refused. A page that must write twice calls one service composing both."""
    twice = {
        name: sorted(found)
        for name, found in graph.endpoint_calls(graph.build(), writes_only=True).items()
        if len(found) > 1
    }
    assert twice == {}
