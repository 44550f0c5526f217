"""data/reference/multilateral_frameworks_sourced.csv -> multilateral frameworks, their signatories and the
bilateral agreements concluded under them.

One row per fact, each with its source address (`row_type`):
- `framework`: the framework itself (title, signing date, owner in `party`, burden-sharing rule, baseline);
- `signatory`: a party that signed or joined it, with the date it joined where a page gives one;
- `members`: every member of a group (`party` NATO) signed it: the members the memberships import recorded;
- `agreement`: the partner's bilateral agreement with Ukraine (imported by nsatu/exchange/agreements.py) was
  concluded under the framework. A partner with no such row keeps no framework: a gap stays empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.agreements.models import Agreement, AgreementKind, AgreementStatus, Signatory
from nsatu.core.models import Releasability
from nsatu.exchange.common import ukraine
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.parties.countries import party_code_for
from nsatu.parties.models import Group, Membership

COLUMNS = ("framework", "row_type", "party", "date", "title", "rule", "baseline_eur", "source_url")
ROW_TYPES = ("framework", "signatory", "members", "agreement")


@dataclass
class _Framework:
    key: str
    row: CsvRow | None = None
    code: str = ""
    signed: dt.date | None = None
    urls: list[str] = field(default_factory=list)
    baseline: Decimal | None = None
    signatories: list[tuple[str, dt.date | None, str, int]] = field(default_factory=list)
    groups: list[tuple[str, dt.date | None, str, int]] = field(default_factory=list)
    agreements: list[tuple[str, str, int]] = field(default_factory=list)


def _urls(table: CsvTable, row: CsvRow) -> list[str]:
    urls = [u.strip() for u in row["source_url"].split(";") if u.strip()]
    if not urls:
        table.problem(row, "source_url", _("no source given; every row needs one"))
    for url in urls:
        if not url.startswith(("http://", "https://")):
            table.problem(row, "source_url", _("%(v)r is not a web address") % {"v": url})
    return urls


def _parse(table: CsvTable) -> dict[str, _Framework]:
    frameworks: dict[str, _Framework] = {}
    for row in table.rows:
        kind = row["row_type"]
        fw = frameworks.setdefault(row["framework"], _Framework(row["framework"]))
        code = party_code_for(row["party"]) if row["party"] else None
        if kind not in ROW_TYPES:
            table.problem(
                row,
                "row_type",
                _("%(v)r is not one of %(all)s") % {"v": kind, "all": ", ".join(ROW_TYPES)},
            )
            continue
        if code is None:
            table.problem(
                row,
                "party",
                _("%(p)r is not a country or organisation this system knows") % {"p": row["party"]},
            )
            continue
        date = table.date(row, "date", required=False)
        urls = _urls(table, row)
        url = urls[0] if urls else ""
        if kind == "framework":
            if fw.row is not None:
                table.problem(
                    row, "framework", _("a second framework row for %(k)s") % {"k": fw.key}
                )
            fw.row, fw.code, fw.signed, fw.urls = row, code, date, urls
            fw.baseline = table.decimal(row, "baseline_eur", required=False)
        elif kind == "signatory":
            fw.signatories.append((code, date, url, row.line))
        elif kind == "members":
            if code not in Group.values:
                table.problem(
                    row, "party", _("%(p)r is not a group with members") % {"p": row["party"]}
                )
            fw.groups.append((code, date, url, row.line))
        else:
            fw.agreements.append((code, url, row.line))
    for fw in frameworks.values():
        if fw.row is None:
            table.problem(
                None, "framework", _("%(k)s has rows but no framework row") % {"k": fw.key}
            )
    return frameworks


def import_frameworks(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    frameworks = _parse(table)
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    listed = list(frameworks.values())
    saved = ctx.sync(
        Agreement,
        existing=Agreement.objects.filter(dataset=ctx.dataset),
        new=[_framework(ctx, fw) for fw in listed],
        key=lambda a: a.title,
        fields=(
            "kind",
            "status",
            "signed_on",
            "rule",
            "baseline_eur",
            "source_url",
            "source_urls",
            "owner_id",
            "releasability",
            "source_row",
        ),
    )
    signatories = [
        s
        for agreement, fw in zip(saved, listed, strict=True)
        for s in _signatories(ctx, agreement, fw)
    ]
    ctx.sync(
        Signatory,
        existing=Signatory.objects.filter(agreement__dataset=ctx.dataset),
        new=signatories,
        key=lambda s: (s.agreement_id, s.party_id),
        fields=("joined_on", "source_url"),
    )
    _link_agreements(ctx, saved, listed)


def _framework(ctx: ImportContext, fw: _Framework) -> Agreement:
    assert fw.row is not None  # _parse refused a framework without its row
    return Agreement(
        title=fw.row["title"][:300],
        kind=AgreementKind.MULTILATERAL,
        status=AgreementStatus.SIGNED,
        signed_on=fw.signed,
        rule=fw.row["rule"][:500],
        baseline_eur=fw.baseline,
        source_url=fw.urls[0],
        source_urls="\n".join(fw.urls[1:]),
        owner=ctx.parties.get(fw.code),
        releasability=Releasability.PUBLIC,
        dataset=ctx.dataset,
        source_row=fw.row.line,
    )


def _signatories(ctx: ImportContext, agreement: Agreement, fw: _Framework) -> list[Signatory]:
    rows = list(fw.signatories)
    for group, date, url, line in fw.groups:
        members = list(Membership.objects.filter(group=group).values_list("party__code", flat=True))
        if not members:
            ctx.warn(
                line,
                "party",
                _("no member of %(g)s recorded yet: import the memberships first") % {"g": group},
            )
        rows.extend((code, date, url, line) for code in members)
    seen: dict[str, Signatory] = {}
    for code, date, url, _line in rows:
        # A party named twice (a G7 member also listed among NATO's) keeps its first, most specific row.
        seen.setdefault(
            code,
            Signatory(
                agreement=agreement, party=ctx.parties.get(code), joined_on=date, source_url=url
            ),
        )
    return list(seen.values())


def _link_agreements(ctx: ImportContext, saved: list[Agreement], listed: list[_Framework]) -> None:
    ukr = ukraine(ctx)
    linked: list[int] = []
    for agreement, fw in zip(saved, listed, strict=True):
        for code, url, line in fw.agreements:
            partner = ctx.parties.existing(code)
            bilateral = (
                Agreement.objects.filter(
                    kind=AgreementKind.BILATERAL, owner=partner, parties=ukr
                ).first()
                if partner is not None
                else None
            )
            if bilateral is None:
                ctx.warn(
                    line,
                    "party",
                    _("no bilateral agreement of %(p)s with Ukraine: import the agreements first")
                    % {"p": code},
                )
                continue
            Agreement.objects.filter(pk=bilateral.pk).update(
                framework=agreement, framework_source_url=url
            )
            linked.append(bilateral.pk)
    # A link the file no longer states is no longer sourced.
    Agreement.objects.filter(framework__dataset=ctx.dataset).exclude(pk__in=linked).update(
        framework=None, framework_source_url=""
    )
