"""A ledger line's attestations as a reader of the page or its download reads them, in the reader's language.

`selectors.line_sources_text` stays the machine wording of `nsatu export aid-lines`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.aid.selectors import STAGE_LABELS
from nsatu.engine.ledger import ENTERED, SIPRI, AidLine
from nsatu.pledges.models import PledgeKind


def _stage(dataset: str, stage: str) -> str:
    # SIPRI counts what was ordered: its number is the order, not a commitment in the Kiel sense
    if dataset == SIPRI and stage == "committed":
        return _("ordered")
    return str(STAGE_LABELS.get(stage, stage))


def line_sources_readable(line: AidLine) -> str:
    """'sipri, row 40: 8 ordered, 8 delivered; oryx, row 35: 8 delivered', with the words translated."""
    parts = []
    none = _("no figure")
    for a in line.attestations:
        if a.dataset == ENTERED:
            name = _("entered pledge %(id)s") % {"id": a.pledge_id}
        elif a.row:
            name = _("%(dataset)s, row %(row)s") % {"dataset": a.dataset, "row": a.row}
        else:
            name = _("%(dataset)s, pledge %(id)s") % {"dataset": a.dataset, "id": a.pledge_id}
        figures = [
            f"{f.value} {_stage(a.dataset, f.stage)}"
            for f in line.figures
            if f.pledge_id == a.pledge_id
        ]
        if a.kind == PledgeKind.FUNDS and a.value_eur is not None:
            figures.append(f"EUR {a.value_eur}")
        parts.append(f"{name}: {', '.join(figures) or none}")
    return "; ".join(parts)


def kind_label(kind: str) -> str:
    return str(PledgeKind(kind).label) if kind in PledgeKind.values else kind
