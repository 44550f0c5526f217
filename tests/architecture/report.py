"""Figures of the house: `python -m tests.architecture.report` from the project root."""

from __future__ import annotations

from tests.architecture import graph as g


def main() -> None:
    built = g.build()
    edges = g.app_edges(built)
    mutual = {tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges}
    try:
        layers = g.declared_layers()
        arrows = g.up_arrows(built, layers)
    except LookupError:
        layers, arrows = [], []
    calls = g.endpoint_calls(built)
    thick = {name: found for name, found in calls.items() if len(found) > 1}
    views = {n: c for n, c in calls.items() if n.split(":")[0].endswith(".views")}
    apis = {n: c for n, c in calls.items() if n.split(":")[0].endswith(".api")}
    anys = g.any_parameters()
    print(f"modules (outside tests and migrations): {len(built.modules)}")
    print(f"app-to-app edges: {len(edges)}; pairs of apps importing each other: {len(mutual)}")
    print(f"module cycles: {len(g.module_cycles(built))}")
    print(f"imports against the layers (deferred included): {len(arrows)}")
    for imp in arrows:
        print(f"  {imp.source}:{imp.line} -> {imp.target}{' (deferred)' if imp.deferred else ''}")
    print(
        f"views calling more than one selector/service: "
        f"{sum(1 for n in views if n in thick)} of {len(views)}; "
        f"API endpoints: {sum(1 for n in apis if n in thick)} of {len(apis)}"
    )
    for name, found in sorted(thick.items()):
        print(f"  {name}: {', '.join(sorted(found))}")
    writes = g.endpoint_calls(built, writes_only=True)
    print(
        f"views and endpoints calling more than one service: {sum(1 for c in writes.values() if len(c) > 1)}"
    )
    users = sum(1 for _p, _l, name in anys if name in ("user", "actor"))
    print(f"parameters annotated Any: {len(anys)} ({users} of them user/actor)")
    print(f"type: ignore comments: {len(g.type_ignores())}")


if __name__ == "__main__":
    main()
