"""data/nsatu/capability_coalitions.csv -> Coalition rows with their members, and a UDCG membership for
their parties.

The reference README names the contact group's capability coalitions: the eight of air force, integrated air
and missile defence, artillery, armour, maritime, IT, demining and drones, plus the electronic-warfare
coalition (the ninth); the other rows are related formats (a training coalition, a German air-defence
initiative, the Czech ammunition initiative, the coalition of the willing). Only parties of the nine get a
UDCG membership; its year and source address are those of the earliest such coalition they appear in.

Every fact carries the page that states it: the capability area, the launch month, and each lead and member.
Leads and members come in groups separated by "|", each group with its own address in the matching group of
the source column (`DEU|SWE` with `url1|url2`: Germany from the first page, Sweden from the second).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.parties.countries import party_code_for
from nsatu.parties.models import Coalition, CoalitionMember, Group, Membership

COLUMNS = (
    "coalition",
    "capability_area",
    "area_source_url",
    "lead_nations",
    "leads_source_url",
    "members_known",
    "members_source_url",
    "established",
    "established_source_url",
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


@dataclass(frozen=True)
class _Row:
    row: CsvRow
    area: str
    established: str
    url: str
    area_url: str
    established_url: str
    parties: dict[str, tuple[bool, str]]  # party code -> (lead, source address)


def _codes(table: CsvTable, row: CsvRow, column: str, raw_codes: str) -> list[str]:
    codes = []
    for raw in raw_codes.split(";"):
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


def _sourced(
    table: CsvTable, row: CsvRow, column: str, source_column: str
) -> list[tuple[str, str]]:
    """(party code, source address) of a grouped cell: one address per group of codes."""
    groups = row[column].split("|") if row[column] else []
    sources = [s.strip() for s in row[source_column].split("|")] if row[source_column] else []
    if len(groups) != len(sources):
        table.problem(
            row,
            source_column,
            _("%(n)s groups of parties but %(m)s source addresses: each group needs its own")
            % {"n": len(groups), "m": len(sources)},
        )
        return []
    pairs: list[tuple[str, str]] = []
    for group, source in zip(groups, sources, strict=True):
        url = _url(table, row, source_column, source)
        pairs.extend((code, url) for code in _codes(table, row, column, group))
    return pairs


def _url(table: CsvTable, row: CsvRow, column: str, raw: str) -> str:
    # CsvTable.url reads a whole cell; a grouped cell is checked one address at a time.
    probe = CsvRow(line=row.line, cells={**row.cells, column: raw})
    return table.url(probe, column, required=True)


def _month_ok(value: str) -> bool:
    return (
        len(value) == 7
        and value[4] == "-"
        and value[:4].isdigit()
        and value[5:].isdigit()
        and 1 <= int(value[5:]) <= 12
    )


def _parse(table: CsvTable, row: CsvRow) -> _Row:
    if not row["coalition"]:
        table.problem(row, "coalition", _("the name is empty"))
    area = table.choice(row, "capability_area", CapabilityArea.values)
    parties: dict[str, tuple[bool, str]] = {}
    for code, url in _sourced(table, row, "lead_nations", "leads_source_url"):
        parties.setdefault(code, (True, url))
    for code, url in _sourced(table, row, "members_known", "members_source_url"):
        parties.setdefault(code, (False, url))
    established = row["established"]
    if established and not _month_ok(established):
        table.problem(row, "established", _("%(v)r is not a month YYYY-MM") % {"v": established})
    return _Row(
        row=row,
        area=area or "",
        established=established,
        url=table.url(row, "source_url", required=True),
        area_url=table.url(row, "area_source_url", required=bool(area)),
        established_url=table.url(row, "established_source_url", required=bool(established)),
        parties=parties,
    )


def import_coalitions(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = [_parse(table, row) for row in ctx.track(table.rows, "coalitions")]
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    saved = ctx.sync(
        Coalition,
        existing=Coalition.objects.filter(
            Q(dataset=ctx.dataset) | Q(name__in=[p.row["coalition"] for p in parsed])
        ),
        new=[_coalition(ctx, p) for p in parsed],
        key=lambda c: c.name,
        fields=(
            "capability_area",
            "area_source_url",
            "established",
            "established_source_url",
            "udcg",
            "notes",
            "source_url",
            "dataset_id",
            "source_row",
            "releasability",
        ),
    )
    _sync_members(ctx, saved, parsed)
    _sync_udcg_memberships(ctx, parsed)


def _coalition(ctx: ImportContext, p: _Row) -> Coalition:
    notes = p.row["notes"]
    if p.row["other_source_urls"]:
        notes = f"{notes}\n" + _("Other sources: %(u)s") % {"u": p.row["other_source_urls"]}
    if not p.row["members_known"]:
        ctx.info(
            p.row.line,
            "members_known",
            _("no members known (membership not disclosed); leads only"),
        )
    return Coalition(
        name=p.row["coalition"],
        capability_area=p.area,
        area_source_url=p.area_url,
        established=p.established,
        established_source_url=p.established_url,
        udcg=p.row["coalition"] in UDCG_COALITIONS,
        notes=notes.strip(),
        source_url=p.url,
        dataset=ctx.dataset,
        source_row=p.row.line,
        releasability=Releasability.PUBLIC,
    )


def _sync_members(ctx: ImportContext, saved: list[Coalition], parsed: list[_Row]) -> None:
    rows = [
        CoalitionMember(
            coalition=coalition,
            party=ctx.parties.get(code),
            lead=lead,
            source_url=url,
            dataset=ctx.dataset,
            source_row=p.row.line,
        )
        for coalition, p in zip(saved, parsed, strict=True)
        for code, (lead, url) in p.parties.items()
    ]
    # A member a coordinator added in nsatu stays unless the file names it too (then the file's source holds).
    keys = {(m.coalition.pk, m.party.pk) for m in rows}
    existing = [
        m
        for m in CoalitionMember.objects.filter(coalition__in=saved)
        if m.dataset_id == ctx.dataset.pk or (m.coalition_id, m.party_id) in keys
    ]
    ctx.sync(
        CoalitionMember,
        existing=existing,
        new=rows,
        key=lambda m: (m.coalition_id, m.party_id),
        fields=("lead", "source_url", "dataset_id", "source_row"),
    )


def _sync_udcg_memberships(ctx: ImportContext, parsed: list[_Row]) -> None:
    first: dict[str, tuple[int, int | None, str]] = {}
    for p in parsed:
        if p.row["coalition"] not in UDCG_COALITIONS:
            continue
        year = int(p.established[:4]) if p.established else None
        for code in p.parties:
            known = first.get(code)
            if known is None or (year is not None and (known[1] is None or year < known[1])):
                first[code] = (p.row.line, year, p.url)
    memberships = [
        Membership(
            party=ctx.parties.get(code),
            group=Group.UDCG,
            since=since,
            source_url=url,
            dataset=ctx.dataset,
            source_row=line,
        )
        for code, (line, since, url) in first.items()
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
