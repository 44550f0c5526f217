"""`nsatu plan`: an allocation run on the database, or an offline instance file (what-ifs without the database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nsatu.accounts.cli import reader_for
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.tables import ExportError, Table, render
from nsatu.engine.allocation import load_instance, plan_to_dict, solve
from nsatu.engine.allocation.result import InstanceError, SolveFailed
from nsatu.planning.execution import allocation_run_execute, runs_reap
from nsatu.planning.exports import table_plan_lines
from nsatu.planning.models import RunStatus
from nsatu.planning.parameters import PARAMETERS
from nsatu.planning.run_selectors import run_left_out
from nsatu.planning.selectors import COMMAND_VIEW
from nsatu.planning.services import allocation_run_create
from nsatu.planning.tasks import allocation_part_enqueue

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}
LINE_COLUMNS = [
    "donor",
    "source_kind",
    "source_id",
    "requirement_id",
    "item_type",
    "quantity",
    "month",
    "hub",
    "value",
    "reason",
]


def _format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CommandError(f"--export {path}: the file name must end in .csv, .xlsx or .json")
    return fmt


class Command(BaseCommand):
    # The system checks probe the database (JSONField support); an offline what-if must not open one.
    requires_system_checks: list[str] = []
    help = (
        "Run an allocation on the database and print its summary, or solve an offline instance file "
        "(--instance FILE.json) and print the objective and the lines as JSON without touching the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--instance",
            type=Path,
            metavar="FILE.json",
            help="solve this instance file instead of the database (docs/allocation-model.md)",
        )
        parser.add_argument(
            "--export",
            type=Path,
            metavar="FILE",
            help="write the plan lines to FILE; .csv, .xlsx or .json by its extension",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="plan as this coordinator (default: the system, with the command's view)",
        )
        parser.add_argument("--start", help="month 0 of the plan, YYYY-MM (default: this month)")
        for name, (kind, default, _low, _high) in PARAMETERS.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}", dest=name, type=kind, help=f"(default {default})"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        export = options["export"]
        fmt = _format(export) if export else None
        if options["instance"]:
            self._offline(options["instance"], export, fmt)
        else:
            self._database(options, export, fmt)

    def _offline(self, path: Path, export: Path | None, fmt: str | None) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the instance file ({exc})") from None
        try:
            plan = solve(load_instance(text))
        except InstanceError as exc:
            raise CommandError(f"{path}: {exc.where}: {exc.message}") from None
        except SolveFailed as exc:
            raise CommandError(
                f"{path}: the solver did not produce a plan ({exc.stats.status}): "
                f"{exc.stats.message or '-'}"
            ) from None
        data = plan_to_dict(plan)
        out = {
            "objective": plan.stats.objective,
            "status": plan.stats.status,
            "weighted_coverage": plan.weighted_coverage,
            "on_time_share": plan.on_time_share,
            "new_types": data["new_types"],
            "lines": data["lines"],
            "shortfalls": data["shortfalls"],
        }
        if export and fmt:
            rows = [[line[c] for c in LINE_COLUMNS] for line in data["lines"]]
            self._write(export, Table(list(LINE_COLUMNS), rows), fmt)
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")

    def _database(self, options: dict[str, Any], export: Path | None, fmt: str | None) -> None:
        user = reader_for(options["as_user"])
        runs_reap()  # a console killed earlier left its run to the lease: fail it before starting anew
        parameters = {
            name: options[name] for name in [*PARAMETERS, "start"] if options.get(name) is not None
        }
        try:
            run = allocation_run_create(actor=user, parameters=parameters, enqueue=False)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(
                "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            ) from None
        self.stderr.write(f"Run {run.pk}: solving...")
        # Its independent parts go on the queue too: running workers help (docs/deployment.md).
        run = allocation_run_execute(
            run_id=run.pk, enqueue_part=lambda part_id: allocation_part_enqueue(part_id=part_id)
        )
        for group in run_left_out(user=user or COMMAND_VIEW, run=run):
            self.stdout.write(
                f"Left out: {group.label} ({len(group.items)}): "
                + ", ".join(item.label for item in group.items)
            )
        if run.status != RunStatus.DONE:
            raise CommandError(f"run {run.pk} failed: {run.error_message}")
        summary = run.instance_summary
        self.stdout.write(
            f"Run {run.pk}: {run.solver_status}, objective {run.objective:.2f}; "
            f"{summary.get('requirements', 0)} requirements, {summary.get('tranches', 0)} tranches, "
            f"{summary.get('funds', 0)} funds offers; {run.lines.count()} lines, {run.shortfalls.count()} "
            f"requirements not fully covered."
        )
        self.stdout.write(
            f"Priority-weighted coverage: plan {run.plan_weighted_coverage:.1%}, status quo "
            f"{run.baseline_weighted_coverage:.1%}. On time: plan {run.plan_on_time_share:.1%}, status quo "
            f"{run.baseline_on_time_share:.1%}. New item types: plan {len(run.plan_new_types)}, status quo "
            f"{len(run.baseline_new_types)}."
        )
        if export and fmt:
            self._write(export, table_plan_lines(user=user or COMMAND_VIEW, run=run.pk), fmt)

    def _write(self, path: Path, table: Table, fmt: str) -> None:
        try:
            path.write_bytes(render(table, fmt))
        except (OSError, ExportError) as exc:
            raise CommandError(f"--export {path}: {exc}") from None
        self.stderr.write(f"{len(table.rows)} lines written to {path}")
