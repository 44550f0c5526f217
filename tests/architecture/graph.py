"""The project's import graph and code figures, read from the source as text (nothing is imported or run).

`python -m tests.architecture.report` prints the figures quoted in issue notes; tests/architecture asserts
the rules on the same graph, so the report and the tests cannot disagree.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "nsatu"


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported module, dotted (as far as it resolves inside the package)
    line: int
    deferred: bool  # inside a function or method


@dataclass
class Graph:
    modules: dict[str, Path] = field(default_factory=dict)
    imports: list[Import] = field(default_factory=list)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files(*, include_migrations: bool = False) -> Iterator[Path]:
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        if not include_migrations and "migrations" in path.parts:
            continue
        yield path


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _walk(tree: ast.AST, deferred: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(tree):
        yield child, deferred
        inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inner)


def build(*, include_migrations: bool = False) -> Graph:
    graph = Graph()
    for path in source_files(include_migrations=include_migrations):
        graph.modules[_module_name(path)] = path
    for module, path in graph.modules.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        for node, deferred in _walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    graph.imports.append(Import(module, alias.name, node.lineno, deferred))
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node)
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    # `from nsatu.x import module` names a module; `from nsatu.x import name` names the package
                    graph.imports.append(
                        Import(
                            module, full if full in graph.modules else target, node.lineno, deferred
                        )
                    )
            elif isinstance(node, ast.Call) and _is_import_module_call(node):
                name = node.args[0].value  # type: ignore[attr-defined]  # checked by _is_import_module_call
                graph.imports.append(Import(module, name, node.lineno, True))
    return graph


def _is_import_module_call(node: ast.Call) -> bool:
    func = node.func
    named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module"
    )
    return (
        named
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return parts[1]


def app_edges(graph: Graph) -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for imp in graph.imports:
        source, target = app_of(imp.source), app_of(imp.target)
        if source and target and source != target:
            edges[(source, target)].append(imp)
    return edges


def module_cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), over imports inside the package."""
    adjacency: dict[str, set[str]] = defaultdict(set)
    for imp in graph.imports:
        target = imp.target
        while target and target not in graph.modules:
            target = target.rpartition(".")[0]
        if target and target != imp.source and target.startswith(PACKAGE + "."):
            adjacency[imp.source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in adjacency[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    import sys

    sys.setrecursionlimit(10_000)
    for node in sorted(graph.modules):
        if node not in index:
            visit(node)
    return components


ANY_PARAM = re.compile(r"\b(\w+)\s*:\s*Any\b")
TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore")


def any_parameters() -> list[tuple[Path, int, str]]:
    found = []
    for path in source_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                for arg in args:
                    if arg.annotation is not None and ast.unparse(arg.annotation) in {
                        "Any",
                        "typing.Any",
                    }:
                        found.append((path, node.lineno, arg.arg))
    return found


def type_ignores() -> list[tuple[Path, int, str]]:
    found = []
    for path in source_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TYPE_IGNORE.search(line):
                found.append((path, number, line.strip()))
    return found
