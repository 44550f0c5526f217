"""The hub experiments measure the model they claim: the load-column LP equals the whole LP, dropping rows
only raises the optimum, and the repaired plans keep every capacity row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks.allocation_hubs import run
from benchmarks.generate import generate


def _objective(line: str) -> float:
    found = re.search(r"objective ([\d,]+\.\d)", line)
    assert found, line
    return float(found.group(1).replace(",", ""))


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hubs") / "instance.json"
    # tight hubs (margin below 1), so that their rows bind and the variants differ
    path.write_text(json.dumps(generate(0.02, 3, hub_margin=0.6)), encoding="utf-8")
    return path


def test_load_columns_leave_the_optimum_unchanged(instance: Path) -> None:
    whole = _objective(run(instance, "whole"))
    assert _objective(run(instance, "load-columns")) == pytest.approx(whole, rel=1e-9)
    no_hubs = _objective(run(instance, "no-hubs"))
    assert no_hubs > whole * (1 + 1e-9)
    assert _objective(run(instance, "no-capacity")) >= no_hubs


@pytest.mark.parametrize("variant", ["shares", "greedy", "restricted"])
def test_repaired_plans_keep_every_capacity_row(instance: Path, variant: str) -> None:
    line = run(instance, variant)
    assert line.endswith("capacity rows broken: 0"), line
    assert float(re.search(r"gap ([-\d.e+]+)\)", line).group(1)) >= -1e-9  # type: ignore[union-attr]
