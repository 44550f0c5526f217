"""data/reference/purl_packages.csv -> money flows from each contributor to the PURL fund.

A row with one contributor and an amount becomes one flow with that amount, valued in EUR at the ECB rate of
its date (nsatu.flows.valuation.flow_valuation). A row naming several contributors and one amount is a joint
package whose split the source does not state: each contributor gets a flow with no amount, the joint amount
goes into the description, and an info issue says so — summing the joint amount per nation would count it
several times. A row without an amount gives a flow with no amount and an info issue. "YYYY-MM" dates are
stored as the first of the month with precision "month". The PURL fund's ledger is computed from these flows
(docs/funds.md): a flow without an amount stays outside its figures, reported as a gap.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.exchange.errors import ImportFailed, Problem
from nsatu.flows.models import Flow, FlowKind
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.countries import party_code_for

COLUMNS = ("date", "contributors", "amount", "currency", "content_summary", "source_url", "notes")
FUND = "PURL"
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def import_purl(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "purl"):
        m = _DATE.match(row["date"])
        date = None
        if m:
            try:
                date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:
                m = None
        if m is None:
            table.problem(
                row,
                "date",
                _("%(v)r is not a date YYYY-MM-DD or a month YYYY-MM") % {"v": row["date"]},
            )
        precision = "day" if m and m.group(3) else "month"
        codes = []
        for raw in row["contributors"].split(";"):
            if not raw.strip():
                continue
            code = party_code_for(raw)
            if code is None:
                table.problem(
                    row,
                    "contributors",
                    _("%(c)r is not a country code or party this system knows")
                    % {"c": raw.strip()},
                )
            else:
                codes.append(code)
        if not codes and row["contributors"].strip() == "":
            table.problem(row, "contributors", _("no contributor named"))
        amount = table.decimal(row, "amount", required=False)
        currency = row["currency"].upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            table.problem(
                row,
                "currency",
                _("%(v)r is not a three-letter currency code") % {"v": row["currency"]},
            )
        if amount is not None and not currency:
            table.problem(row, "currency", _("an amount needs a currency"))
        url = table.url(row, "source_url")
        parsed.append((row, date, precision, codes, amount, currency, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    fund = ctx.parties.get(FUND)
    flows = []
    for row, date, precision, codes, amount, currency, url in parsed:
        joint = len(codes) > 1
        text = row["content_summary"]
        if amount is None:
            ctx.info(row.line, "amount", _("no amount stated: the flow(s) have no amount"))
        elif joint:
            ctx.info(
                row.line,
                "contributors",
                _(
                    "joint package of %(who)s, %(cur)s %(amt)s in total; the split is not "
                    "stated, so each contributor's "
                    "flow has no amount (the total is in the description)"
                )
                % {"who": ", ".join(codes), "cur": currency, "amt": f"{amount:,.0f}"},
            )
            text = _(
                "%(text)s. Joint package of %(who)s: %(cur)s %(amt)s in total; split not stated."
            ) % {
                "text": text.rstrip("."),
                "who": ", ".join(codes),
                "cur": currency,
                "amt": f"{amount:,.0f}",
            }
        if row["notes"]:
            text = f"{text} — {row['notes']}"
        own_amount = None if joint else amount
        try:
            valuation = flow_valuation(amount=own_amount, currency=currency, on=date)
        except ValidationError as exc:
            raise ImportFailed(
                [Problem(ctx.label, row.line, "currency", "; ".join(exc.messages))]
            ) from None
        for code in codes:
            source = ctx.parties.get(code)
            flows.append(
                Flow(
                    source=source,
                    destination=fund,
                    kind=FlowKind.MONEY,
                    date=date,
                    date_precision=precision,
                    amount=own_amount,
                    currency=currency if own_amount is not None else "",
                    description=text[:500],
                    owner=source,
                    releasability=Releasability.PUBLIC,
                    dataset=ctx.dataset,
                    source_row=row.line,
                    source_url=url,
                    **valuation,
                )
            )
    ctx.sync(
        Flow,
        existing=Flow.objects.filter(dataset=ctx.dataset),
        new=flows,
        key=lambda f: (f.source_row, f.source_id),
        fields=(
            "destination_id",
            "kind",
            "date",
            "date_precision",
            "amount",
            "currency",
            "amount_eur",
            "eur_rate",
            "eur_rate_date",
            "description",
            "owner_id",
            "releasability",
            "source_url",
        ),
    )
