"""`nsatu export coalitions`: the contact group's capability coalitions with their leads, members and the page
that states each fact (one row per coalition; the `related` option adds the related formats)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nsatu.coalitions.rows import coalition_table
from nsatu.coalitions.selectors import coalition_index_get
from nsatu.core.actors import Reader
from nsatu.core.tables import Table

# The command's parsed arguments, as in nsatu/exchange/exports.py (not imported from there: exports.py lists
# this builder in its TABLES, and the import would go round in a circle).
type Options = Mapping[str, Any]


def table_coalitions(*, user: Reader, options: Options) -> Table:
    data = coalition_index_get(user=user, udcg=None if options.get("related") else True)
    return coalition_table(data.coalitions, data.members)
