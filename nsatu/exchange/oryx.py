"""Oryx list of heavy weapons supplied to Ukraine (JasonWu00's scrape): one pledge per Ukraine-bound row.

The scrape's known faults are reported row by row, never dropped or imported silently:
- recipient Russia (Iranian, Belarusian, Chinese deliveries): skipped;
- supplier "NONE": kept under the party "Unknown supplier(s)" with a warning (the equipment did reach Ukraine);
- count 0: kept with an empty quantity and a warning (Oryx lists the type without a number);
- supplier "NATO": the organisation NATO, with an info note;
- a row repeating an earlier row cell for cell (same id): skipped as a duplicate.
Status: delivered when is_delivered is True, otherwise committed.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.common import pledges_sync, ukraine
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus

COLUMNS = (
    "id",
    "vehicle_name",
    "vehicle_type",
    "supplier",
    "supplier_abbr",
    "recipient",
    "recipient_abbr",
    "count",
    "is_delivered",
    "is_soviet",
    "proof",
    "year_first_produced",
)


def import_oryx(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    seen: dict[tuple[str, ...], int] = {}
    parsed = []
    for row in ctx.track(table.rows, "oryx"):
        signature = tuple(row.cells[c] for c in table.header)
        if signature in seen:
            ctx.skip(
                row.line,
                "id",
                _("duplicate of row %(row)s (every cell the same, id %(id)s)")
                % {"row": seen[signature], "id": row["id"]},
            )
            continue
        seen[signature] = row.line
        recipient = row["recipient"]
        if recipient.casefold() != "ukraine":
            ctx.skip(
                row.line,
                "recipient",
                _("delivery to %(r)s by %(s)s, not aid to Ukraine")
                % {"r": recipient, "s": row["supplier"]},
            )
            continue
        supplier = row["supplier"]
        if supplier.upper() == "NONE":
            code: str | None = "UNKNOWN"
            ctx.warn(
                row.line,
                "supplier",
                _(
                    "supplier given as NONE: kept under 'Unknown supplier(s)' (code "
                    "UNKNOWN); the donor is not stated"
                ),
            )
        else:
            code = party_code_for(supplier)
            if code is None:
                table.problem(
                    row,
                    "supplier",
                    _("unknown supplier %(name)r: not a country name this system knows")
                    % {"name": supplier},
                )
            elif code == "NATO":
                ctx.info(
                    row.line,
                    "supplier",
                    _("supplier NATO: recorded as the organisation NATO, not a nation"),
                )
        count = table.integer(row, "count")
        if count == 0:
            ctx.warn(
                row.line,
                "count",
                _("count is 0: the type is listed without a number; kept with an empty quantity"),
            )
        delivered = table.boolean(row, "is_delivered")
        soviet = table.boolean(row, "is_soviet")
        first = table.integer(row, "year_first_produced", required=False, minimum=1900)
        url = row["proof"] if row["proof"].startswith(("http://", "https://")) else ""
        if row["proof"] and not url:
            ctx.warn(
                row.line,
                "proof",
                _("%(v)r is not a web address; not kept as the source") % {"v": row["proof"]},
            )
        if not row["vehicle_name"].strip(" '\""):
            table.problem(row, "vehicle_name", _("the vehicle name is empty"))
        parsed.append((row, code, count, delivered, soviet, first, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    recipient_party = ukraine(ctx)
    pledges = []
    for row, code, count, delivered, soviet, first, url in parsed:
        assert code is not None
        donor = ctx.parties.get(code)
        name = row["vehicle_name"].strip()
        category = row["vehicle_type"]
        item_type = ctx.items.get_or_create(
            name, category, dataset=ctx.dataset, source_row=row.line, source_url=url
        )
        notes = [_("Oryx type: %(t)s.") % {"t": category}]
        if first is not None:
            notes.append(_("First produced %(y)s.") % {"y": first})
        if soviet:
            notes.append(_("Soviet design."))
        pledges.append(
            Pledge(
                donor=donor,
                recipient=recipient_party,
                kind=PledgeKind.IN_KIND,
                item_type=item_type,
                description=name[:500],
                quantity=count or None,
                status=PledgeStatus.DELIVERED if delivered else PledgeStatus.COMMITTED,
                notes=" ".join(notes),
                owner=donor,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=row.line,
                source_url=url[:1000],
            )
        )
    pledges_sync(ctx, pledges)
