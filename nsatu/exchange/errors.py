"""The one exception a bad file raises: every problem found, each naming file, row, column and reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    file: str
    row: (
        int | None
    )  # 1-based line (CSV; header = 1) or sheet row (xlsx); None when the whole file is at fault
    column: str
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.reason}"


class ImportFailed(Exception):
    """Raised before (or instead of) writing: the caller's transaction is rolled back, so nothing changes."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.problems[:MAX_PROBLEMS]
        head = _("The file cannot be imported; nothing was changed (%(n)s problem(s)):") % {
            "n": len(self.problems)
        }
        lines = [head, *(f"  {p}" for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(_("  … and %(n)s more.") % {"n": len(self.problems) - len(shown)})
        return "\n".join(lines)
