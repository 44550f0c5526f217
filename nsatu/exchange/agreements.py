"""data/reference/ukraine_bilateral_security_agreements_sourced.csv -> bilateral security agreements with Ukraine.

One agreement per partner, owned by the partner, between the partner and Ukraine. Every partner in the file has
signed (reference/README.md); a row without `date_signed` is a signed agreement whose date no source gives, so it
is not counted at any date. `duration` "10 years" gives 10; any other wording is kept as text only.
`stated_funding` becomes yearly commitments where it states one: "<CUR> <n> bn … in <year>" is an amount for that
year, converted to EUR at the ECB rate of the signing date; "<p>% of GDP" is that share for every year of the
agreement's duration. Other wording stays on the agreement as text, with an info note.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.agreements.models import Agreement, AgreementKind, AgreementStatus, Commitment
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.exchange.common import ukraine
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.exchange.errors import ImportFailed, Problem
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.countries import party_code_for

COLUMNS = ("partner", "date_signed", "duration", "stated_funding", "source_urls")
BILLION = Decimal(10) ** 9
_YEARS = re.compile(r"^(\d+) years?$")
_AMOUNT = re.compile(r"\b(?P<cur>[A-Z]{3}) (?P<n>\d+(?:\.\d+)?) ?bn\b.*\bin (?P<year>\d{4})\b")
_SHARE = re.compile(r"(?P<pct>\d+(?:\.\d+)?) ?% of GDP")


def title_for(partner_name: str) -> str:
    return _("Ukraine – %(p)s bilateral security agreement") % {"p": partner_name}


def import_agreements(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "agreements"):
        code = party_code_for(row["partner"]) if row["partner"] else None
        if code is None:
            table.problem(
                row,
                "partner",
                _("%(p)r is not a country or organisation this system knows")
                % {"p": row["partner"]},
            )
        signed = None
        if row["date_signed"]:
            try:
                signed = dt.date.fromisoformat(row["date_signed"])
            except ValueError:
                table.problem(
                    row,
                    "date_signed",
                    _("%(v)r is not a date YYYY-MM-DD") % {"v": row["date_signed"]},
                )
        m = _YEARS.match(row["duration"])
        years = int(m.group(1)) if m else None
        if years == 0:
            table.problem(row, "duration", _("a duration of 0 years"))
        urls = [u.strip() for u in row["source_urls"].split(";") if u.strip()]
        if not urls:
            table.problem(row, "source_urls", _("no source given; every agreement needs one"))
        for url in urls:
            if not url.startswith(("http://", "https://")):
                table.problem(row, "source_urls", _("%(v)r is not a web address") % {"v": url})
        parsed.append((row, code, signed, years, urls))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    ukr = ukraine(ctx)
    agreements = []
    wanted: list[tuple[int, list[Commitment]]] = []
    for row, code, signed, years, urls in parsed:
        assert code is not None
        partner = ctx.parties.get(code)
        if signed is None:
            ctx.info(
                row.line,
                "date_signed",
                _("%(p)s: signed, date not sourced; not counted at any date") % {"p": partner},
            )
        agreements.append(
            Agreement(
                title=title_for(partner.name)[:300],
                kind=AgreementKind.BILATERAL,
                status=AgreementStatus.SIGNED,
                signed_on=signed,
                duration_years=years,
                duration_text=row["duration"][:200],
                stated_funding=row["stated_funding"][:500],
                source_url=urls[0],
                source_urls="\n".join(urls[1:]),
                owner=partner,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=row.line,
            )
        )
        wanted.append(
            (partner.pk, _commitments(ctx, row.line, row["stated_funding"], signed, years))
        )
    saved = ctx.sync(
        Agreement,
        existing=Agreement.objects.filter(dataset=ctx.dataset),
        new=agreements,
        key=lambda a: a.title,
        fields=(
            "kind",
            "status",
            "signed_on",
            "duration_years",
            "duration_text",
            "stated_funding",
            "source_url",
            "source_urls",
            "owner_id",
            "releasability",
            "source_row",
        ),
    )
    commitments = []
    for agreement, (partner_id, items) in zip(saved, wanted, strict=True):
        agreement.parties.set([partner_id, ukr.pk])
        for c in items:
            c.agreement = agreement
            commitments.append(c)
    ctx.sync(
        Commitment,
        existing=Commitment.objects.filter(agreement__dataset=ctx.dataset),
        new=commitments,
        key=lambda c: (c.agreement_id, c.year),
        fields=(
            "amount",
            "currency",
            "amount_eur",
            "eur_rate",
            "eur_rate_date",
            "gdp_share_pct",
            "text",
        ),
    )


def _commitments(
    ctx: ImportContext, line: int, text: str, signed: dt.date | None, years: int | None
) -> list[Commitment]:
    if not text:
        return []
    amount = _AMOUNT.search(text)
    if amount:
        value = Decimal(amount.group("n")) * BILLION
        try:
            valuation = flow_valuation(
                amount=value,
                currency=amount.group("cur"),
                on=signed or dt.date(int(amount.group("year")), 1, 1),
            )
        except ValidationError as exc:
            raise ImportFailed(
                [Problem(ctx.label, line, "stated_funding", "; ".join(exc.messages))]
            ) from None
        return [
            Commitment(
                year=int(amount.group("year")),
                amount=value,
                currency=amount.group("cur"),
                text=text[:500],
                **valuation,
            )
        ]
    share = _SHARE.search(text)
    if share and signed is not None and years is not None:
        pct = Decimal(share.group("pct"))
        return [
            Commitment(year=signed.year + i, gdp_share_pct=pct, text=text[:500])
            for i in range(years)
        ]
    ctx.info(
        line,
        "stated_funding",
        _("no yearly commitment read from %(t)r; kept as text") % {"t": text},
    )
    return []
