"""The project's import graph and code figures, read from the source as text (nothing is imported or run).

`python -m tests.architecture.report` prints the figures quoted in issue notes; tests/architecture asserts
the rules on the same graph, so the report and the tests cannot disagree.
"""

from __future__ import annotations

import ast
import functools
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


@functools.cache
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


def declared_layers() -> list[list[str]]:
    """The layers of the import-linter contract in pyproject.toml, lowest first, each a list of its apps.

    The contract is the one definition; this reads it so that the report and the tests check the same cut.
    """
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "layers":
            layers = [
                [name.strip().removeprefix(PACKAGE + ".") for name in layer.split("|")]
                for layer in contract["layers"]
            ]
            return list(reversed(layers))
    raise LookupError("pyproject.toml declares no import-linter layers contract")


def package_apps() -> set[str]:
    return {p.name for p in (ROOT / PACKAGE).iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in (ROOT / PACKAGE).glob("*.py") if p.stem != "__init__"
    }


def up_arrows(graph: Graph, layers: list[list[str]]) -> list[Import]:
    """Imports from an app to one in its own layer (siblings are independent) or a higher one."""
    rank = {app: i for i, layer in enumerate(layers) for app in layer}
    wrong = []
    for imp in graph.imports:
        source, target = app_of(imp.source), app_of(imp.target)
        if source is None or target is None or source == target:
            continue
        if source not in rank or target not in rank or rank[target] >= rank[source]:
            wrong.append(imp)
    return wrong


ENDPOINT_MODULES = ("views", "api")


def endpoint_calls(graph: Graph, *, writes_only: bool = False) -> dict[str, set[str]]:
    """Per view and API endpoint (module:function), the selectors and services it calls.

    A call counts when its name was imported from a `selectors` or `services` module (of any app), directly
    or through a private helper of the same module; decorated endpoints and plain functions alike.
    """
    found: dict[str, set[str]] = {}
    for module, path in graph.modules.items():
        if module.rsplit(".", 1)[-1] not in ENDPOINT_MODULES:
            continue
        tree = ast.parse(path.read_text())
        imported = _imported_from_layers(tree, writes_only=writes_only)
        local = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name, node in local.items():
            if name.startswith("_"):
                continue
            found[f"{module}:{name}"] = _reads_and_writes(node, imported, local, set())
    return found


# Modules an endpoint may use besides its one read or write: plumbing, validation, rules, display.
PLUMBING = {
    "web",
    "api_common",
    "api_errors",
    "actors",
    "errors",
    "models",
    "tables",
    "visibility",
    "forms",
    "charts",
    "rules",
    "workflow",
    "inputs",
    "parameters",
    "presets",
    "horizon",
    "schemas",
    "common",
    "refs",
    "paging",
}


def _imported_from_layers(tree: ast.Module, *, writes_only: bool = False) -> set[str]:
    """Functions imported from modules that read or write (selectors, services and their kin)."""
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != PACKAGE or len(parts) < 3 or parts[1] == "engine" or parts[-1] in PLUMBING:
            continue
        if writes_only and not parts[-1].endswith("services"):
            continue
        # functions only: constants and dataclasses of those modules are no reads or writes
        names.update(alias.asname or alias.name for alias in node.names if alias.name[:1].islower())
    return names


def _reads_and_writes(
    node: ast.AST, imported: set[str], local: dict[str, ast.FunctionDef], seen: set[str]
) -> set[str]:
    calls: set[str] = set()
    for child in ast.walk(node):
        name = None
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
            name = child.func.id
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            name = child.id  # passed as a callable, e.g. or_404(requirement_get, ...)
        if name is None:
            continue
        if name in imported:
            calls.add(name)
        elif name in local and name.startswith("_") and name not in seen:
            seen.add(name)
            calls |= _reads_and_writes(local[name], imported, local, seen)
    return calls
