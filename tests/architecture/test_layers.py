"""The house has one direction: no app imports an app of its own floor or above, no module imports itself
back through others. Deferred imports inside functions and TYPE_CHECKING imports count."""

from __future__ import annotations

from tests.architecture import graph


def test_every_app_stands_in_one_declared_layer():
    declared = [app for layer in graph.declared_layers() for app in layer]
    assert sorted(declared) == sorted(set(declared)), "an app is named in two layers"
    assert set(declared) == graph.package_apps()


def test_no_import_runs_against_the_layers():
    arrows = graph.up_arrows(graph.build(), graph.declared_layers())
    assert [f"{i.source}:{i.line} -> {i.target}" for i in arrows] == []


def test_no_module_imports_itself_back():
    assert graph.module_cycles(graph.build()) == []


def test_the_checker_sees_a_deferred_import_against_the_layers(tmp_path, monkeypatch):
    """The rule above must be able to fail: a function-level import from core up to pledges is found."""
    built = graph.Graph(
        modules={
            "nsatu.core.web": tmp_path / "web.py",
            "nsatu.pledges.selectors": tmp_path / "s.py",
        },
        imports=[graph.Import("nsatu.core.web", "nsatu.pledges.selectors", 3, deferred=True)],
    )
    arrows = graph.up_arrows(built, graph.declared_layers())
    assert [(a.source, a.deferred) for a in arrows] == [("nsatu.core.web", True)]
