"""The scale driver at its smoke size: the page rows run on the test database and land between the markers of a
results file, the rows not run are marked so, and the rest of the file is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import scale_all
from benchmarks.ledger import ledger_build
from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability


@pytest.fixture
def ledger(parties: object, people: object) -> int:
    for name in ("Leopard 2A4", "155 mm shell"):
        ItemType.objects.create(name=name, releasability=Releasability.PUBLIC)
    return int(ledger_build(pledges=300, seed=5, batch=100, progress=False)["pledges"])


def _between_markers(text: str) -> str:
    return text.split(scale_all.START, 1)[1].split(scale_all.END, 1)[0]


def test_the_smoke_size_writes_every_row_between_the_markers(ledger: int, tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        f"# Results\n\nkept above\n\n{scale_all.START}\nold table\n{scale_all.END}\n\nkept below\n"
    )
    scale_all.main(
        [
            "--smoke",
            "--in-process",
            "--out",
            str(tmp_path / "out"),
            "--results",
            str(results),
        ]
    )
    text = results.read_text()
    assert text.startswith("# Results\n\nkept above\n") and text.endswith("\n\nkept below\n")
    table = _between_markers(text)
    assert "old table" not in table
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(scale_all.ROWS)
    by_label = {row.split(" | ")[0].removeprefix("| "): row for row in rows}
    for label in ("pledges list page", "donor page of the biggest donor"):
        assert " ms " in by_label[label], by_label[label]
    assert "streamed" in by_label["CSV export of every pledge (coordinator)"]
    assert scale_all.NOT_RUN in by_label["`nsatu import kiel-aid`, 1 M rows"]
    assert scale_all.NOT_RUN in by_label["allocation, national scale, median / p95"]
    assert f"{ledger:,} pledge lines" in table
    assert (tmp_path / "out" / "scale-all.json").exists()


def test_a_file_without_markers_gets_a_section_appended(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n")
    scale_all.write_section(results, scale_all.section({}))
    text = results.read_text()
    assert text.startswith("# Results\n\n## Scale")
    assert scale_all.NOT_RUN in _between_markers(text)
