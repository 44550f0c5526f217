"""What a shipment write is given, its lines and the recipient's counts, and their checks.

The checks read nothing: what was shipped or counted before is read by the service and handed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.logistics.models import DiscrepancyKind, Shipment, ShipmentLine
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche


@dataclass(frozen=True)
class LineInput:
    item_type: ItemType
    quantity: int
    pledge: Pledge | None = None
    tranche: Tranche | None = None


@dataclass(frozen=True)
class DiscrepancyInput:
    kind: str
    quantity: int
    description: str = ""


@dataclass(frozen=True)
class CountInput:
    """What the recipient counted of one line: accepted units and the units it reports as a discrepancy."""

    line: ShipmentLine
    accepted: int
    discrepancies: list[DiscrepancyInput] = field(default_factory=list)


def check_line(index: int, donor: Party, line: LineInput, shipped_before: dict[int, int]) -> None:
    """Refuse a line its pledge cannot carry; `shipped_before` (pledge id -> units) grows by the line."""
    where = _("line %(n)s") % {"n": index}
    if line.quantity < 1:
        raise ValidationError(
            {"lines": [_("%(where)s: the quantity must be at least 1.") % {"where": where}]}
        )
    pledge = line.pledge
    if line.tranche is not None and (pledge is None or line.tranche.pledge_id != pledge.pk):
        raise ValidationError(
            {"lines": [_("%(where)s: the tranche belongs to another pledge.") % {"where": where}]}
        )
    if pledge is None:
        return
    problems = _pledge_problems(donor, line, pledge)
    if pledge.quantity is not None:
        total = shipped_before.get(pledge.pk, 0) + line.quantity
        shipped_before[pledge.pk] = total
        if total > pledge.quantity:
            problems.append(
                _("shipments of pledge #%(p)s would total %(n)s, more than its %(q)s")
                % {"p": pledge.pk, "n": total, "q": pledge.quantity}
            )
    if problems:
        raise ValidationError({"lines": [f"{where}: {'; '.join(problems)}."]})


def _pledge_problems(donor: Party, line: LineInput, pledge: Pledge) -> list[str]:
    problems: list[str] = []
    if pledge.donor_id != donor.pk:
        problems.append(
            _("pledge #%(p)s is %(d)s's, not %(s)s's")
            % {"p": pledge.pk, "d": pledge.donor, "s": donor}
        )
    if pledge.kind != PledgeKind.IN_KIND or pledge.item_type_id != line.item_type.pk:
        problems.append(
            _("pledge #%(p)s does not offer %(i)s") % {"p": pledge.pk, "i": line.item_type.name}
        )
    if pledge.releasability not in (Releasability.PUBLIC, Releasability.PARTICIPANTS):
        # The shipment is read by all participants; its line must not point them to a pledge they may not read.
        problems.append(
            _("pledge #%(p)s is %(r)s, narrower than the shipment")
            % {"p": pledge.pk, "r": pledge.get_releasability_display()}
        )
    if pledge.dataset_id:
        # The delivered figure of an imported pledge is the source's; receipts may not overwrite it.
        problems.append(
            _("pledge #%(p)s was imported from %(ds)s; its delivered figure is the source's")
            % {"p": pledge.pk, "ds": pledge.dataset}
        )
    if pledge.status not in (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED):
        problems.append(
            _("pledge #%(p)s is %(s)s; only committed or allocated pledges are shipped")
            % {"p": pledge.pk, "s": pledge.get_status_display()}
        )
    return problems


def check_count(count: CountInput, shipment: Shipment, *, counted_before: int) -> None:
    """Refuse a count of a line of another shipment, a negative or unknown one, or more than was shipped."""
    line = count.line
    if line.shipment_id != shipment.pk:
        raise ValidationError(
            {"lines": [_("Line #%(l)s is not part of %(s)s.") % {"l": line.pk, "s": shipment}]}
        )
    where = _("%(item)s (line #%(l)s)") % {"item": line.item_type.name, "l": line.pk}
    if count.accepted < 0 or any(d.quantity < 1 for d in count.discrepancies):
        raise ValidationError(
            {"lines": [_("%(w)s: quantities cannot be negative.") % {"w": where}]}
        )
    for d in count.discrepancies:
        if d.kind not in DiscrepancyKind.values:
            raise ValidationError(
                {"lines": [_("%(w)s: unknown discrepancy kind %(k)r.") % {"w": where, "k": d.kind}]}
            )
    new = count.accepted + sum(d.quantity for d in count.discrepancies)
    before = counted_before
    if before + new > line.quantity:
        raise ValidationError(
            {
                "lines": [
                    _(
                        "%(w)s: %(new)s counted now and %(before)s before make %(total)s, "
                        "more than the %(q)s shipped."
                    )
                    % {
                        "w": where,
                        "new": new,
                        "before": before,
                        "total": before + new,
                        "q": line.quantity,
                    }
                ]
            }
        )
