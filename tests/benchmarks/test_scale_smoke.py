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


def test_rows_not_measured_again_keep_their_figures_and_when(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    first = {
        "import:sqlite": {
            "figures": {
                "import": {
                    "median_s": 41.0,
                    "median_peak_rss_mb": 150,
                    "runs": [{"created": 7, "updated": 0}],
                },
                "reimport": {
                    "median_s": 12.0,
                    "median_peak_rss_mb": 140,
                    "runs": [{"created": 0, "updated": 0}],
                },
            },
            "at": "2026-01-01 10:00",
            "load_average": [1.0, 1.0, 1.0],
            "command": "python benchmarks/scale_all.py --rows import",
        }
    }
    results.write_text(f"# Results\n\n{scale_all.section(first)}\n")
    before = _between_markers(results.read_text())
    import_row = next(line for line in before.splitlines() if "kiel-aid" in line)
    second = {
        "allocation:-": {
            "figures": None,
            "at": "2026-02-02 10:00",
            "load_average": [2.0, 2.0, 2.0],
            "command": "python benchmarks/scale_all.py --rows allocation",
        }
    }
    previous = scale_all.previous_table(results.read_text())
    scale_all.write_section(results, scale_all.section(second, previous))
    after = _between_markers(results.read_text())
    assert import_row in after.splitlines()
    assert "- import:sqlite: 2026-01-01 10:00" in after
    assert "- allocation: 2026-02-02 10:00" in after
    # and an unchanged store writes the same table again
    again = scale_all.previous_table(results.read_text())
    assert scale_all.section({}, again) == scale_all.START + after + scale_all.END


def _entry(at: str, figures: object) -> dict[str, object]:
    return {"figures": figures, "at": at, "load_average": [1.0, 1.0, 1.0], "command": "python x"}


def _pages(median: float) -> dict[str, object]:
    return {
        "rows": {
            "pledges list page": {"median_ms": median, "p95_ms": median, "runs": 3},
        }
    }


def test_an_older_figure_in_the_store_never_replaces_a_newer_one_in_the_table(
    tmp_path: Path,
) -> None:
    newer = {"pages:sqlite": _entry("2026-03-03 10:00", _pages(111))}
    results = tmp_path / "RESULTS.md"
    results.write_text(scale_all.section(newer))
    older_store = {
        "pages:sqlite": _entry("2026-01-01 10:00", _pages(999)),
        "allocation:-": _entry("2026-03-04 10:00", None),
    }
    text = scale_all.section(
        older_store, scale_all.previous_table(results.read_text()), {"allocation:-"}
    )
    assert "111 / 111 ms" in text and "999" not in text
    assert "- pages:sqlite: 2026-03-03 10:00" in text and "2026-01-01" not in text


def test_the_allocation_rows_keep_their_figures_when_a_database_column_is_added(
    tmp_path: Path,
) -> None:
    only_pg = {"pages:postgresql": _entry("2026-03-03 10:00", _pages(50))}
    table = scale_all.section(only_pg)
    label = "allocation, national scale, median / p95"
    kept = "7.0 / 8.0 s | (two tries) ✅"  # a pipe inside a cell must not shift the columns
    row = next(line for line in table.splitlines() if line.startswith(f"| {label} |"))
    table = table.replace(row, f"| {label} | ≤ 3 s quiet | {kept.replace('|', chr(92) + '|')} |")
    table = table.replace(
        scale_all.END,
        f"- allocation: 2026-03-01 09:00, load 1.0 / 1.0 / 1.0; python y\n\n{scale_all.END}",
    )
    previous = scale_all.previous_table(table)
    assert previous.cells[(label, "-")] == kept
    sqlite = {"pages:sqlite": _entry("2026-03-05 10:00", _pages(60))}
    text = scale_all.section(sqlite, previous, {"pages:sqlite"})
    assert f"| {label} | ≤ 3 s quiet | {kept.replace('|', chr(92) + '|')} |" in text
    assert "- allocation: 2026-03-01 09:00" in text
    assert scale_all.previous_table(text).cells[(label, "-")] == kept
