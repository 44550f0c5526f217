"""The Council and roadmap importers on the reference files, and the two exports with their `overdue` column.

The importers are registered in nsatu.exchange.registry by the integrator; until then this test registers the
same entries (COUNCIL_IMPORTERS) for itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.council.models import Action, ActionStatus, Decision, Meeting
from nsatu.exchange import registry
from nsatu.exchange.council import import_council, import_roadmap_milestones
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.registry import COMPILED_LICENCE, COMPILED_PUBLISHER, Importer
from nsatu.exchange.services import dataset_import
from nsatu.exchange.tables_council import table_council_actions, table_milestones
from nsatu.roadmap.models import Milestone, MilestoneStatus

COUNCIL_IMPORTERS = [
    Importer(
        "council",
        "reference/nato_ukraine_council_sourced.csv",
        "NATO-Ukraine Council: meetings and decisions (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table nato_ukraine_council_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_council,
    ),
    Importer(
        "roadmap-milestones",
        "reference/ukraine_nato_roadmap_milestones_sourced.csv",
        "Ukraine's road to NATO membership: milestones (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table ukraine_nato_roadmap_milestones_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_roadmap_milestones,
    ),
]


@pytest.fixture
def importers(monkeypatch):
    for importer in COUNCIL_IMPORTERS:
        if importer.kind not in registry.IMPORTERS:
            monkeypatch.setitem(registry.IMPORTERS, importer.kind, importer)


def _run(kind: str, data_dir: Path, path: Path | None = None):
    return dataset_import(
        actor=None,
        kind=kind,
        path=path or data_dir / registry.IMPORTERS[kind].default_path,
        data_dir=data_dir,
    )


def test_the_council_file_gives_sourced_meetings_and_decisions(importers, data_dir, db):
    _run("council", data_dir)
    with (data_dir / "reference/nato_ukraine_council_sourced.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert Meeting.objects.count() == len({(r["meeting_date"], r["level"]) for r in rows}) == 8
    assert Decision.objects.count() == sum(1 for r in rows if r["decision"]) == 8
    first = Meeting.objects.order_by("date").first()
    assert (first.date, first.place, first.level) == (dt.date(2023, 7, 12), "Vilnius", "summit")
    assert all(m.source_url.startswith("https://") for m in Meeting.objects.all())
    assert all(d.source_url.startswith("https://") for d in Decision.objects.all())
    assert Meeting.objects.filter(place="").count() == 3  # no page names the place
    again = _run("council", data_dir)
    assert again.skipped or (again.created, again.updated) == (0, 0)


def test_the_roadmap_file_gives_sourced_milestones(importers, data_dir, db):
    _run("roadmap-milestones", data_dir)
    assert Milestone.objects.count() == 6
    jatec = Milestone.objects.get(title__contains="JATEC")
    assert (jatec.status, jatec.achieved_on) == (MilestoneStatus.ACHIEVED, dt.date(2025, 2, 17))
    assert not Milestone.objects.exclude(due_date=None).exists()  # no page gives a due date
    assert set(Milestone.objects.values_list("owner__code", flat=True)) == {"UKR", "NATO"}


def test_a_row_without_a_source_is_refused(importers, data_dir, db, tmp_path):
    bad = tmp_path / "council.csv"
    bad.write_text("meeting_date,place,level,decision,source_url\n2024-01-01,,summit,,\n")
    with pytest.raises(ImportFailed) as err:
        _run("council", data_dir, bad)
    assert "source_url" in str(err.value)
    assert not Meeting.objects.exists()


def test_exports_flag_the_overdue(importers, data_dir, parties, people, analyst, capsys):
    _run("council", data_dir)
    _run("roadmap-milestones", data_dir)
    today = timezone.localdate()
    decision = Decision.objects.order_by("id").first()
    late = Action.objects.create(
        decision=decision,
        title="Report on the work programme",
        owner=parties["UKR"],
        due_date=today - dt.timedelta(days=3),
        status=ActionStatus.OPEN,
        releasability=Releasability.PUBLIC,
    )
    Action.objects.create(
        decision=decision,
        title="Done on time",
        owner=parties["DEU"],
        due_date=today - dt.timedelta(days=3),
        status=ActionStatus.DONE,
        releasability=Releasability.PUBLIC,
    )
    Milestone.objects.filter(title__startswith="Roadmap").update(
        due_date=today - dt.timedelta(days=1)
    )
    actions = table_council_actions(user=analyst, options={})
    by_title = {r[actions.columns.index("action")]: r for r in actions.rows}
    overdue = actions.columns.index("overdue")
    assert by_title[late.title][overdue] == "yes" and by_title["Done on time"][overdue] == "no"
    milestones = table_milestones(user=analyst, options={})
    flags = {r[1]: r[milestones.columns.index("overdue")] for r in milestones.rows}
    assert flags["Roadmap for Ukraine's transition to full interoperability with NATO"] == "yes"
    assert sum(1 for v in flags.values() if v == "yes") == 1
    rendered = io.StringIO()
    csv.writer(rendered).writerow(milestones.columns)
    assert "overdue" in rendered.getvalue()
