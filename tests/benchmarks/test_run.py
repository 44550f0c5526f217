"""The benchmark script measures what it claims: the same model solved three ways gives the same objective."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.generate import generate
from benchmarks.run import main


def test_three_solvers_agree_on_a_generated_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # roomy hubs keep the instance an LP with whole vertices: a second, not a minute, in CI
    result = main(
        [
            "--scale",
            "0.01",
            "--repeat",
            "2",
            "--hub-margin",
            "20",
            "--json",
            str(tmp_path / "r.json"),
        ]
    )
    objectives = result["objectives"]
    assert set(objectives) == {"nsatu", "highspy", "pulp_cbc"}
    assert objectives["highspy"] == pytest.approx(objectives["nsatu"], rel=1e-4)
    assert objectives["pulp_cbc"] == pytest.approx(objectives["nsatu"], rel=1e-4)
    assert (
        len(result["runs_s"]["nsatu_total_s"]) == 2 and len(result["runs_s"]["pulp_total_s"]) == 1
    )
    assert json.loads((tmp_path / "r.json").read_text())["requirements"] == 20
    assert "ratio nsatu total / plain" in capsys.readouterr().out


def test_a_generated_instance_is_the_documented_size() -> None:
    data = generate(1.0, seed=1)
    assert (len(data["requirements"]), len(data["tranches"]), data["parameters"]["horizon"]) == (
        2000,
        20000,
        24,
    )
