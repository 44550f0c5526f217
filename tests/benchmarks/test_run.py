"""The benchmark script measures what it claims: the same model solved three ways gives the same objective."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.allocation_workers import main as workers_main
from benchmarks.generate import generate, generate_regions
from benchmarks.run import main
from nsatu.engine.allocation import instance_from_dict
from nsatu.engine.allocation.parts import partition


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


def test_one_run_split_over_workers_keeps_its_objective(tmp_path: Path) -> None:
    # the smoke size of benchmarks/allocation_workers.py: two regions, one and two processes
    result = workers_main(
        [
            *("--mode", "processes", "--scale", "0.04", "--regions", "2", "--parts", "2"),
            *("--workers", "1,2", "--repeat", "1", "--json", str(tmp_path / "w.json")),
        ]
    )
    assert result["2"]["objective"] == pytest.approx(result["1"]["objective"], rel=1e-9)
    assert "speed_up" in json.loads((tmp_path / "w.json").read_text())["2"]


def test_regions_are_parts_no_row_links() -> None:
    regions = instance_from_dict(generate_regions(0.04, seed=1, regions=2))
    parts = partition(regions, bins=2)
    assert len(parts) == 2
    types = [{t.id for t in part.item_types} for part in parts]
    assert not types[0] & types[1]
    assert sorted(r.id for p in parts for r in p.requirements) == sorted(
        r.id for r in regions.requirements
    )
