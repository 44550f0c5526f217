"""SIPRI arms-transfer register, rows with recipient Ukraine: one pledge per row (an order and its deliveries).

quantity = number ordered, delivered_quantity = number delivered; a '?' in the *_uncertain columns marks the
figure as uncertain (kept, flagged). Status: delivered when delivered >= ordered, otherwise committed — also
when the number ordered is empty ("data not yet available" per SIPRI), which is reported as an info issue.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.common import pledges_sync, ukraine
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus

COLUMNS = (
    "recipient",
    "supplier",
    "order_year",
    "order_year_uncertain",
    "number_ordered",
    "number_ordered_uncertain",
    "weapon_designation",
    "weapon_description",
    "number_delivered",
    "number_delivered_uncertain",
    "delivery_years",
    "status",
    "comments",
    "tiv_per_unit",
    "tiv_total_order",
    "tiv_delivered",
)
UNKNOWN_SUPPLIER = "unknown supplier(s)"


def _uncertain(table: CsvTable, row: CsvRow, column: str) -> bool:
    value = row[column]
    if value not in ("", "?"):
        table.problem(
            row,
            column,
            _("%(v)r: only '?' (uncertain) or an empty cell is expected") % {"v": value},
        )
    return value == "?"


def _notes(row: CsvRow) -> str:
    parts = [_("SIPRI status: %(s)s.") % {"s": row["status"]}] if row["status"] else []
    if row["delivery_years"]:
        parts.append(_("Deliveries: %(y)s.") % {"y": row["delivery_years"]})
    if row["order_year_uncertain"] == "?":
        parts.append(_("Order year uncertain."))
    if row["comments"]:
        parts.append(row["comments"].rstrip(".") + ".")
    tiv = [row[c] for c in ("tiv_per_unit", "tiv_total_order", "tiv_delivered")]
    if any(tiv):
        parts.append(
            _("SIPRI TIV (millions): per unit %(u)s, order %(o)s, delivered %(d)s.")
            % {"u": tiv[0] or "–", "o": tiv[1] or "–", "d": tiv[2] or "–"}
        )
    return " ".join(parts)


def import_sipri(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "sipri"):
        supplier = row["supplier"]
        if supplier.casefold() == UNKNOWN_SUPPLIER:
            code: str | None = "UNKNOWN"
        else:
            code = party_code_for(supplier)
            if code is None:
                table.problem(
                    row,
                    "supplier",
                    _(
                        "unknown supplier %(name)r: not a country name this system knows; "
                        "add it to nsatu/parties/countries.py if it is real"
                    )
                    % {"name": supplier},
                )
        year = table.integer(row, "order_year", minimum=1950)
        ordered = table.integer(row, "number_ordered", required=False)
        delivered = table.integer(row, "number_delivered", required=False)
        ordered_uncertain = _uncertain(table, row, "number_ordered_uncertain")
        delivered_uncertain = _uncertain(table, row, "number_delivered_uncertain")
        _uncertain(table, row, "order_year_uncertain")
        if not row["weapon_designation"]:
            table.problem(row, "weapon_designation", _("the designation is empty"))
        parsed.append((row, code, year, ordered, delivered, ordered_uncertain, delivered_uncertain))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    recipient = ukraine(ctx)
    pledges = []
    for row, code, year, ordered, delivered, ordered_uncertain, delivered_uncertain in parsed:
        assert code is not None
        if row["recipient"].casefold() != "ukraine":
            ctx.skip(
                row.line,
                "recipient",
                _("recipient is %(r)s, not Ukraine") % {"r": row["recipient"]},
            )
            continue
        if code == "UNKNOWN":
            ctx.info(
                row.line,
                "supplier",
                _(
                    "supplier given as %(s)r: recorded under the party 'Unknown "
                    "supplier(s)' (code UNKNOWN)"
                )
                % {"s": row["supplier"]},
            )
        if ordered is None:
            ctx.info(
                row.line,
                "number_ordered",
                _(
                    "number ordered is empty (SIPRI: data not yet available): "
                    "quantity left empty, status committed"
                ),
            )
        donor = ctx.parties.get(code)
        designation, what = row["weapon_designation"], row["weapon_description"]
        item_type = ctx.items.get_or_create(
            designation, what, dataset=ctx.dataset, source_row=row.line
        )
        status = (
            PledgeStatus.DELIVERED
            if ordered is not None and delivered is not None and delivered >= ordered
            else PledgeStatus.COMMITTED
        )
        pledges.append(
            Pledge(
                donor=donor,
                recipient=recipient,
                kind=PledgeKind.IN_KIND,
                item_type=item_type,
                description=f"{designation} ({what})"[:500] if what else designation[:500],
                quantity=ordered,
                quantity_uncertain=ordered_uncertain,
                delivered_quantity=delivered,
                delivered_uncertain=delivered_uncertain,
                status=status,
                year=year,
                notes=_notes(row),
                owner=donor,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=row.line,
            )
        )
    pledges_sync(ctx, pledges)
