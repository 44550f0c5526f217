"""data/reference/capability_coalitions.csv -> Coalition rows, and a UDCG membership for their parties.

The reference README names the contact group's capability coalitions: the eight of air force, integrated air
and missile defence, artillery, armour, maritime, IT, demining and drones, plus the electronic-warfare
coalition (the ninth); the other rows are related formats (a training coalition, a German air-defence
initiative, the Czech ammunition initiative, the coalition of the willing). Only parties of the nine get a
UDCG membership; its year and source address are those of the earliest such coalition they appear in.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.parties.countries import party_code_for
from nsatu.parties.models import Coalition, Group, Membership

COLUMNS = (
    "coalition",
    "capability_area",
    "lead_nations",
    "members_known",
    "established",
    "source_url",
    "other_source_urls",
    "notes",
)
UDCG_COALITIONS = {
    "Air Force Capability Coalition",
    "Integrated Air and Missile Defence (IAMD) Capability Coalition",
    "Artillery Capability Coalition",
    "Armoured Vehicles (Armour) Capability Coalition",
    "Maritime Capability Coalition",
    "IT Coalition",
    "Demining Capability Coalition",
    "Drone Coalition",
    "Electronic Warfare (EW) Coalition",
}


def _codes(table: CsvTable, row: CsvRow, column: str) -> list[str]:
    codes = []
    for raw in row[column].split(";"):
        raw = raw.strip()
        if not raw:
            continue
        code = party_code_for(raw)
        if code is None:
            table.problem(
                row,
                column,
                _("%(c)r is not a country code or party this system knows") % {"c": raw},
            )
        elif code not in codes:
            codes.append(code)
    return codes


def import_coalitions(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "coalitions"):
        if not row["coalition"]:
            table.problem(row, "coalition", _("the name is empty"))
        area = table.choice(row, "capability_area", CapabilityArea.values)
        leads = _codes(table, row, "lead_nations")
        members = _codes(table, row, "members_known")
        established = row["established"]
        if established and not (
            len(established) == 7
            and established[4] == "-"
            and established[:4].isdigit()
            and established[5:].isdigit()
            and 1 <= int(established[5:]) <= 12
        ):
            table.problem(
                row, "established", _("%(v)r is not a month YYYY-MM") % {"v": established}
            )
        url = table.url(row, "source_url", required=True)
        parsed.append((row, area, leads, members, established, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    coalitions = []
    udcg_first: dict[str, tuple[int, int | None, str]] = {}
    for row, area, leads, members, established, url in parsed:
        name = row["coalition"]
        udcg = name in UDCG_COALITIONS
        notes = row["notes"]
        if row["other_source_urls"]:
            notes = f"{notes}\n" + _("Other sources: %(u)s") % {"u": row["other_source_urls"]}
        if not members:
            ctx.info(
                row.line,
                "members_known",
                _("no members known (membership not disclosed); leads only"),
            )
        assert area is not None  # checked above: problems were raised
        coalitions.append(
            Coalition(
                name=name,
                capability_area=area,
                established=established,
                udcg=udcg,
                notes=notes.strip(),
                source_url=url,
                dataset=ctx.dataset,
                source_row=row.line,
                releasability=Releasability.PUBLIC,
            )
        )
        if udcg:
            year = int(established[:4]) if established else None
            for code in [*leads, *members]:
                first = udcg_first.get(code)
                if first is None or (year is not None and (first[1] is None or year < first[1])):
                    udcg_first[code] = (row.line, year, url)
    saved = ctx.sync(
        Coalition,
        existing=Coalition.objects.filter(
            Q(dataset=ctx.dataset) | Q(name__in=[c.name for c in coalitions])
        ),
        new=coalitions,
        key=lambda c: c.name,
        fields=(
            "capability_area",
            "established",
            "udcg",
            "notes",
            "source_url",
            "dataset_id",
            "source_row",
            "releasability",
        ),
    )
    for coalition, (_row, _area, leads, members, _est, _url) in zip(saved, parsed, strict=True):
        # Leads are members too; the file lists them among the members except where membership is undisclosed.
        coalition.leads.set([ctx.parties.get(c) for c in leads])
        coalition.members.set([ctx.parties.get(c) for c in sorted(set(leads) | set(members))])

    memberships = [
        Membership(
            party=ctx.parties.get(code),
            group=Group.UDCG,
            since=since,
            source_url=url,
            dataset=ctx.dataset,
            source_row=line,
        )
        for code, (line, since, url) in udcg_first.items()
    ]
    existing = Membership.objects.filter(
        Q(dataset=ctx.dataset) | Q(group=Group.UDCG, party_id__in=[m.party_id for m in memberships])
    )
    ctx.sync(
        Membership,
        existing=existing,
        new=memberships,
        key=lambda m: (m.party_id, m.group),
        fields=("since", "source_url", "dataset_id", "source_row"),
    )
