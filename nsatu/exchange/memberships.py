"""data/nsatu/memberships.csv (compiled): NATO, EU and G7 members with the year they joined."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.parties.countries import is_country_code
from nsatu.parties.models import Group, Membership

COLUMNS = ("iso3", "group", "since", "source_url")


def import_memberships(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "memberships"):
        code = row["iso3"].upper()
        if not is_country_code(code):
            table.problem(
                row,
                "iso3",
                _("%(code)r is not an ISO 3166-1 alpha-3 country code") % {"code": code},
            )
        group = table.choice(row, "group", [g for g in Group.values if g != Group.UDCG])
        since = table.integer(row, "since", required=False, minimum=1900)
        url = table.url(row, "source_url", required=True)
        parsed.append((row.line, code, group, since, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    new = [
        Membership(
            party=ctx.parties.get(code),
            group=str(group),
            since=since,
            source_url=url,
            dataset=ctx.dataset,
            source_row=line,
        )
        for line, code, group, since, url in parsed
    ]
    groups = {m.group for m in new}
    existing = Membership.objects.filter(
        Q(dataset=ctx.dataset) | Q(group__in=groups, party_id__in={m.party_id for m in new})
    )
    ctx.sync(
        Membership,
        existing=existing,
        new=new,
        key=lambda m: (m.party_id, m.group),
        fields=("since", "source_url", "dataset_id", "source_row"),
    )
