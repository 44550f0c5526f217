"""Exports of the road to membership and the NATO-Ukraine Council, each with an `overdue` column.

Registered in nsatu.exchange.exports.TABLES as "milestones" and "council-actions"; the rows are the same as
the pages' CSV downloads (nsatu.roadmap.rows, nsatu.council.rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nsatu.core.actors import Reader
from nsatu.core.tables import Table
from nsatu.council.rows import ACTION_COLUMNS, action_rows
from nsatu.council.selectors import action_list
from nsatu.roadmap.rows import MILESTONE_COLUMNS, milestone_rows
from nsatu.roadmap.selectors import milestone_list

type Options = Mapping[str, Any]


def table_milestones(*, user: Reader, options: Options) -> Table:
    """One row per visible milestone, by due date; overdue: past due and neither achieved nor cancelled."""
    return Table(list(MILESTONE_COLUMNS), list(milestone_rows(milestone_list(user=user))))


def table_council_actions(*, user: Reader, options: Options) -> Table:
    """One row per visible Council action with its decision and meeting; overdue: past due and not done."""
    return Table(list(ACTION_COLUMNS), list(action_rows(action_list(user=user))))
