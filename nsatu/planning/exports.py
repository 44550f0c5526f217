"""Plan lines as a table for nsatu.core.tables.render (CSV, XLSX, JSON)."""

from __future__ import annotations

from nsatu.core.actors import Reader
from nsatu.core.refs import ref_id, ref_label, ref_seen
from nsatu.core.tables import Table
from nsatu.planning.selectors import plan_line_export_list

COLUMNS = [
    "run",
    "line",
    "donor_iso3",
    "donor",
    "pledge",
    "tranche",
    "requirement",
    "requirement_title",
    "priority",
    "item_type",
    "quantity",
    "arrival_month",
    "hub",
    "value",
    "state",
    "reason",
]


def table_plan_lines(*, user: Reader, run: int) -> Table:
    rows = [
        [
            line.run_id,
            line.pk,
            line.owner.code if line.owner else "",
            line.owner.name if line.owner else "",
            ref_id(line, "pledge"),
            ref_id(line, "tranche"),
            ref_label(line, "requirement"),
            requirement.title if requirement else "",
            requirement.priority if requirement else None,
            ref_label(line, "item_type"),
            line.quantity,
            f"{line.arrival:%Y-%m}",
            ref_label(line, "hub"),
            round(line.value, 4),
            line.state,
            line.reason,
        ]
        for line in plan_line_export_list(user=user, run=run)
        for requirement in [line.requirement if ref_seen(line, "requirement") else None]
    ]
    return Table(list(COLUMNS), rows)
