"""`nsatu export joint-production`: joint production projects with partners, capacity schedule, funding, whether
each feeds a plan (and why not), and the source of each (one row per project)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nsatu.core.actors import Reader
from nsatu.core.tables import Table
from nsatu.production.selectors import joint_project_export_rows
from nsatu.production.tables import CSV_HEADER, project_row

# The command's parsed arguments, as in nsatu/exchange/exports.py (not imported from there: exports.py lists
# this builder in its TABLES, and the import would go round in a circle).
type Options = Mapping[str, Any]


def table_joint_production(*, user: Reader, options: Options) -> Table:
    status = options.get("status") or None
    rows = joint_project_export_rows(user=user, status=status)
    return Table(list(CSV_HEADER), [project_row(page) for page in rows])
