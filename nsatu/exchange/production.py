"""data/reference/joint_production_projects_sourced.csv -> joint production projects, their partners, capacity
and the money flows that fund them.

Every fact has the page that states it: the project's own address, its status, its partners, its capacity and
its funding each carry a source column. A cell nobody published stays empty: a project without a capacity or
a funds pledge is imported all the same and cannot feed a plan (its page says why). Funding is imported as a
money flow from the funder to Ukraine only where an amount in EUR is stated; other currencies are reported
and left out rather than converted at a guessed rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.flows.models import Flow, FlowKind
from nsatu.parties.models import Party
from nsatu.production.models import (
    JointProject,
    PartnerRole,
    ProjectCapacity,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
)

COLUMNS = (
    "project",
    "item_type",
    "status",
    "status_source_url",
    "lead",
    "announced_on",
    "partners",
    "partners_source_url",
    "capacity_from",
    "units_per_month",
    "capacity_source_url",
    "funder",
    "funding_amount",
    "funding_currency",
    "funding_source_url",
    "source_url",
    "notes",
)


@dataclass
class _Parsed:
    row: CsvRow
    project: JointProject
    partners: list[tuple[str, str, str]]
    capacity: tuple[dt.date, int] | None
    funding: Decimal | None


def _partners(table: CsvTable, row: CsvRow) -> list[tuple[str, str, str]]:
    result = []
    for cell in (c.strip() for c in row["partners"].split(" ; ") if c.strip()):
        parts = [p.strip() for p in cell.split("|")]
        if len(parts) != 3 or parts[1] not in PartnerRole.values:
            table.problem(row, "partners", _("%(v)r is not name|role|country") % {"v": cell})
            continue
        result.append((parts[0], parts[1], parts[2].upper()))
    return result


def _project(ctx: ImportContext, table: CsvTable, row: CsvRow) -> JointProject:
    item = ItemType.objects.filter(name=row["item_type"]).first() if row["item_type"] else None
    if row["item_type"] and item is None:
        ctx.info(row.line, "item_type", _("not in the catalogue; the project has no item type"))
    lead = ctx.parties.get(row["lead"]) if row["lead"] else None
    table.url(row, "status_source_url", required=True)
    return JointProject(
        name=row["project"][:200],
        item_type=item,
        status=table.choice(row, "status", ProjectStatus.values) or ProjectStatus.PROPOSED,
        announced_on=table.date(row, "announced_on", required=False),
        description=row["notes"],
        owner=lead,
        releasability=Releasability.PUBLIC,
        dataset=ctx.dataset,
        source_row=row.line,
        source_url=table.url(row, "source_url", required=True),
    )


def _parse(ctx: ImportContext, table: CsvTable, row: CsvRow) -> _Parsed:
    project = _project(ctx, table, row)
    units = table.integer(row, "units_per_month", required=False)
    start = table.date(row, "capacity_from", required=False)
    capacity = None
    if units is not None and start is not None:
        table.url(row, "capacity_source_url", required=True)
        capacity = (start.replace(day=1), units)
    amount = table.decimal(row, "funding_amount", required=False)
    if amount is not None and row["funding_currency"] != "EUR":
        ctx.skip(row.line, "funding_amount", _("funding not in EUR is not converted; left out"))
        amount = None
    if amount is not None:
        table.url(row, "funding_source_url", required=True)
    return _Parsed(row, project, _partners(table, row), capacity, amount)


def import_joint_production(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = [_parse(ctx, table, row) for row in ctx.track(table.rows, "joint production")]
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    projects = ctx.sync(
        JointProject,
        existing=JointProject.objects.filter(dataset=ctx.dataset),
        new=[p.project for p in parsed],
        key=lambda p: p.name,
        fields=("item_type", "status", "announced_on", "description", "owner", "source_url"),
    )
    for p, saved in zip(parsed, projects, strict=True):
        p.project = saved
    _children(ctx, parsed)


def _children(ctx: ImportContext, parsed: list[_Parsed]) -> None:
    ids = [p.project.pk for p in parsed]
    ProjectFunding.objects.filter(project_id__in=ids).filter(flow__dataset=ctx.dataset).delete()
    ctx.sync(
        ProjectPartner,
        existing=ProjectPartner.objects.filter(project_id__in=ids),
        new=[
            ProjectPartner(
                project=p.project,
                party=_state(ctx, name, country),
                name=name,
                role=role,
                country=country,
                source_url=p.row["partners_source_url"],
            )
            for p in parsed
            for name, role, country in p.partners
        ],
        key=lambda x: (x.project_id, x.name, x.role),
        fields=("party", "country", "source_url"),
    )
    ctx.sync(
        ProjectCapacity,
        existing=ProjectCapacity.objects.filter(project_id__in=ids),
        new=[
            ProjectCapacity(
                project=p.project,
                from_month=p.capacity[0],
                units_per_month=p.capacity[1],
                source_url=p.row["capacity_source_url"],
            )
            for p in parsed
            if p.capacity is not None
        ],
        key=lambda c: (c.project_id, c.from_month),
        fields=("units_per_month", "source_url"),
    )
    _funding(ctx, [p for p in parsed if p.funding is not None])


def _state(ctx: ImportContext, name: str, country: str) -> Party | None:
    """The registered party of a partner that is a state itself (its name is the party's), else None."""
    party = ctx.parties.existing(country)
    return party if party is not None and party.name == name else None


def _funding(ctx: ImportContext, parsed: list[_Parsed]) -> None:
    flows = ctx.sync(
        Flow,
        existing=Flow.objects.filter(dataset=ctx.dataset),
        new=[
            Flow(
                source=ctx.parties.get(p.row["funder"]),
                destination=ctx.parties.get("UKR"),
                kind=FlowKind.MONEY,
                date=p.project.announced_on,
                amount=p.funding,
                currency="EUR",
                amount_eur=p.funding,
                description=_("Funding of the joint production project “%(n)s”")
                % {"n": p.project.name},
                owner=ctx.parties.get(p.row["funder"]),
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=p.row.line,
                source_url=p.row["funding_source_url"],
            )
            for p in parsed
        ],
        key=lambda f: f.source_row,
        fields=("date", "amount", "amount_eur", "description", "source_url"),
    )
    ProjectFunding.objects.bulk_create(
        ProjectFunding(project=p.project, flow=flow, source_url=p.row["funding_source_url"])
        for p, flow in zip(parsed, flows, strict=True)
    )
