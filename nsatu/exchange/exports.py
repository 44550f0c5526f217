"""Tables the CLI (and later the pages) export as CSV, XLSX or JSON. Every table reads through selectors."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import QuerySet

from nsatu.agreements.burden import burden_aid_shares
from nsatu.agreements.selectors import agreement_list
from nsatu.catalogue.selectors import item_type_refs_mark_loaded
from nsatu.core.actors import Reader
from nsatu.core.refs import mark_loaded_refs, ref_id, ref_label
from nsatu.core.tables import ExportError, Table
from nsatu.coverage.results import FIRST_DAY, LAST_DAY
from nsatu.coverage.rows import coverage_rows
from nsatu.coverage.selectors import aid_lines_get, coverage_report_get, requirement_coverage_get
from nsatu.exchange.tables_coalitions import table_coalitions
from nsatu.exchange.tables_council import table_council_actions, table_milestones
from nsatu.exchange.tables_frameworks import table_frameworks
from nsatu.exchange.tables_production import table_joint_production
from nsatu.logistics.repair_selectors import repair_order_list
from nsatu.logistics.selectors import hub_throughput, line_accepted, shipment_list
from nsatu.needs.selectors import requirement_list
from nsatu.parties.selectors import defence_spending_for_year, party_list
from nsatu.pledges.selectors import donor_aid_totals, pledge_list_marked, pledge_visible
from nsatu.resilience.selectors import fleet_register_get, fragmentation_list
from nsatu.training.models import Cohort
from nsatu.training.readiness import READINESS_COLUMNS, readiness_get, readiness_rows
from nsatu.training.selectors import cohort_list, reported_training_list

# The command's parsed arguments (--year, --target, --donor, --status); argparse types them, not this module.
type Options = Mapping[str, Any]


class TableBuilder(Protocol):
    def __call__(self, *, user: Reader, options: Options) -> Table: ...


def _euros(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def table_donor_aid(*, user: Reader, options: Options) -> Table:
    rows = [
        [
            r["donor_iso3"],
            r["donor"],
            _euros(r["military_eur"]),
            _euros(r["financial_eur"]),
            _euros(r["humanitarian_eur"]),
            _euros(r["total_eur"]),
        ]
        for r in donor_aid_totals()
    ]
    return Table(
        ["donor_iso3", "donor", "military_eur", "financial_eur", "humanitarian_eur", "total_eur"],
        rows,
    )


def table_defence_spending(*, user: Reader, options: Options) -> Table:
    year = options.get("year")
    if year is None:
        raise ExportError("defence-spending needs --year YYYY")
    target = float(options.get("target") or 2.0)
    figures = defence_spending_for_year(year=int(year))
    if not figures:
        raise ExportError(f"no defence-spending figures for {year}; import the NATO workbook first")
    column = "meets_2pct" if target == 2.0 else f"meets_{target:g}pct"
    rows = [
        [f.party.code, f.party.name, round(f.pct_gdp, 4), f.pct_gdp >= target, f.is_estimate]
        for f in figures
    ]
    return Table(["iso3", "country", "pct_gdp", column, "estimate"], rows)


def table_parties(*, user: Reader, options: Options) -> Table:
    rows = [
        [p.code, p.name, p.kind, ";".join(sorted(m.group for m in p.memberships.all()))]
        for p in party_list(user=user)
    ]
    return Table(["code", "name", "kind", "memberships"], rows)


def table_pledges(*, user: Reader, options: Options) -> Table:
    rows = [
        [
            p.pk,
            p.donor.code,
            p.recipient.code,
            p.kind,
            ref_label(p, "item_type"),
            p.description,
            p.quantity,
            p.quantity_uncertain,
            p.delivered_quantity,
            p.amount,
            p.currency,
            p.status,
            p.announced_on,
            p.year,
            ref_label(p, "requirement"),
            p.dataset.key if p.dataset else "",
            p.source_row,
            p.source_url,
        ]
        for p in pledge_list_marked(
            user=user, donor=options.get("donor"), status=options.get("status")
        )
    ]
    return Table(
        [
            "id",
            "donor_iso3",
            "recipient_iso3",
            "kind",
            "item_type",
            "description",
            "quantity",
            "quantity_uncertain",
            "delivered_quantity",
            "amount",
            "currency",
            "status",
            "announced_on",
            "order_year",
            "requirement",
            "dataset",
            "source_row",
            "source_url",
        ],
        rows,
    )


def table_requirements(*, user: Reader, options: Options) -> Table:
    """Every requirement the user may read; the coverage figures of the published ones (a requirement not
    published is not counted: its figures stay empty, not 0)."""
    requirements = list(requirement_list(user=user, status=options.get("status")))
    covered = {
        row.requirement_id: row for row in coverage_rows(requirement_coverage_get(user=user))
    }
    rows = []
    for r in requirements:
        row = covered.get(r.pk)
        rows.append(
            [
                r.reference,
                r.title,
                r.capability_area,
                ref_label(r, "item_type"),
                r.ammunition_family.name if r.ammunition_family else "",
                r.quantity,
                r.unit,
                r.unit_kind,
                r.period,
                r.priority,
                r.needed_by,
                r.status,
                row.needed if row else None,
                row.committed if row else None,
                row.announced if row else None,
                row.covered_share if row else None,
                r.illustrative,
                r.source_url,
            ]
        )
    return Table(
        [
            "reference",
            "title",
            "capability_area",
            "item_type",
            "ammunition_family",
            "quantity",
            "unit",
            "unit_kind",
            "period",
            "priority",
            "needed_by",
            "status",
            "needed",
            "committed",
            "announced",
            "covered_share",
            "illustrative",
            "source_url",
        ],
        rows,
    )


def table_coverage(*, user: Reader, options: Options) -> Table:
    """One row per published requirement, the figures of GET /api/needs/coverage (docs/coverage.md)."""
    months = options.get("horizon_months")
    if months is not None and not 1 <= int(months) <= 120:
        raise ExportError(f"--horizon-months must be between 1 and 120, not {months}")
    as_of = options.get("as_of")
    if as_of is not None and not FIRST_DAY <= as_of <= LAST_DAY:
        raise ExportError(f"--as-of must lie between {FIRST_DAY} and {LAST_DAY}, not {as_of}")
    return coverage_report_get(
        user=user, as_of=as_of, horizon_months=int(months or 24)
    ).export_table()


def table_aid_lines(*, user: Reader, options: Options) -> Table:
    """One row per aid line of the reconciled ledger, each source's own figure named in `sources`."""
    return aid_lines_get(user=user).table()


def table_fleet(*, user: Reader, options: Options) -> Table:
    """The fleet register (docs/interoperability.md): one row per donor and item type, with its sources."""
    rows = [
        [
            r.item.capability_area,
            r.item.name,
            "; ".join(r.item.families),
            r.entry.quantity,
            r.source_text(),
        ]
        for r in fleet_register_get(user=user).rows
    ]
    return Table(["capability_area", "item_type", "ammunition_family", "quantity", "source"], rows)


def table_fragmentation(*, user: Reader, options: Options) -> Table:
    rows = [
        [f.group, f.type_count, round(f.effective_types, 4), len(f.ammunition_families), f.burden]
        for f in fragmentation_list(user=user)
    ]
    return Table(
        ["capability_area", "types", "effective_types", "ammunition_families", "burden"], rows
    )


def table_agreements(*, user: Reader, options: Options) -> Table:
    rows = [
        [
            a.pk,
            a.title,
            a.kind,
            ";".join(p.code for p in a.parties.all()),
            a.signed_on,
            a.duration_years,
            a.status,
            a.stated_funding,
            a.dataset.key if a.dataset else "",
            a.source_row,
            " ; ".join(a.sources),
        ]
        for a in agreement_list(user=user)
    ]
    return Table(
        [
            "id",
            "title",
            "kind",
            "parties",
            "signed_on",
            "duration_years",
            "status",
            "stated_funding",
            "dataset",
            "source_row",
            "source",
        ],
        rows,
    )


def table_burden_sharing(*, user: Reader, options: Options) -> Table:
    year = options.get("year")
    if year is None:
        raise ExportError("burden-sharing needs --year YYYY")
    shares = burden_aid_shares(year=int(year))
    if not shares:
        raise ExportError(f"no Kiel aid figures for {year}; import the Kiel data explorer first")
    places = Decimal("1e-10")
    rows = [
        [
            s.donor,
            s.aid_eur,
            s.gdp_eur,
            s.aid_pct_gdp.quantize(places) if s.aid_pct_gdp is not None else None,
            s.kiel_pct_gdp.quantize(places) if s.kiel_pct_gdp is not None else None,
        ]
        for s in shares
    ]
    return Table(["iso3", "aid_eur", "gdp_eur", "aid_pct_gdp", "kiel_pct_gdp"], rows)


def _courses_marked(user: Reader, cohorts: QuerySet[Cohort]) -> list[Cohort]:
    """The cohorts with their courses' item types marked for the reader (core/refs.py), in one query."""
    rows = list(cohorts)
    item_type_refs_mark_loaded([h.course for h in rows], user=user)
    return rows


def table_training(*, user: Reader, options: Options) -> Table:
    """One row per visible cohort, with its course."""
    rows = [
        [
            h.pk,
            h.course.name,
            h.course.host.code,
            h.course.site,
            h.course.skill,
            ref_label(h.course, "item_type"),
            h.start,
            h.end,
            h.seats,
            h.enrolled,
            h.graduated,
            h.dataset.key if h.dataset else "",
        ]
        for h in _courses_marked(user, cohort_list(user=user).select_related("dataset"))
    ]
    return Table(
        [
            "cohort",
            "course",
            "host_iso3",
            "site",
            "skill",
            "item_type",
            "start",
            "end",
            "seats",
            "enrolled",
            "graduated",
            "dataset",
        ],
        rows,
    )


def table_training_reported(*, user: Reader, options: Options) -> Table:
    rows = [
        [
            r.programme,
            r.reported_date,
            r.measure,
            r.personnel,
            r.note,
            " ; ".join(r.source_urls),
            r.source_row,
        ]
        for r in reported_training_list()
    ]
    return Table(
        ["programme", "reported_date", "measure", "personnel", "note", "source_urls", "source_row"],
        rows,
    )


def table_readiness(*, user: Reader, options: Options) -> Table:
    """One row per delivery still to come of an item type that needs crews (see nsatu/engine/readiness.py)."""
    return Table(list(READINESS_COLUMNS), readiness_rows(readiness_get(user=user)))


def table_shipments(*, user: Reader, options: Options) -> Table:
    """One row per shipment line the user may see, with the units accepted on receipt."""
    shipments = list(
        shipment_list(user=user, status=options.get("status"), donor=options.get("donor"))
    )
    accepted = line_accepted(shipments=shipments)
    # A shipment line may carry a pledge the reader may not see: its id is left out (core/refs.py).
    lines = mark_loaded_refs(
        [line for s in shipments for line in s.lines.all()],
        field="pledge",
        visible=pledge_visible(user=user),
    )
    rows = [
        [
            s.reference,
            s.donor.code,
            s.recipient.code,
            s.origin,
            ref_label(s, "hub"),
            s.handover_point,
            s.status,
            ref_label(line, "item_type"),
            line.quantity,
            line.unit_mass_t,
            line.mass_t,
            ref_id(line, "pledge"),
            accepted.get(line.pk, 0),
            s.planned_dispatch,
            s.dispatched_on,
            s.planned_at_hub,
            s.at_hub_on,
            s.planned_handover,
            s.handed_over_on,
            s.received_on,
            s.illustrative,
        ]
        for line in lines
        for s in [line.shipment]
    ]
    return Table(
        [
            "reference",
            "donor_iso3",
            "recipient_iso3",
            "origin",
            "hub",
            "handover_point",
            "status",
            "item_type",
            "quantity",
            "unit_mass_t",
            "mass_t",
            "pledge",
            "accepted",
            "planned_dispatch",
            "dispatched_on",
            "planned_at_hub",
            "at_hub_on",
            "planned_handover",
            "handed_over_on",
            "received_on",
            "illustrative",
        ],
        rows,
    )


def table_hub_throughput(*, user: Reader, options: Options) -> Table:
    rows = [
        [m.hub, f"{m.month:%Y-%m}", m.shipments, m.tonnes, m.capacity_t, m.over]
        for m in hub_throughput(user=user)
    ]
    return Table(["hub", "month", "shipments", "tonnes", "capacity_t_month", "over_capacity"], rows)


def table_repairs(*, user: Reader, options: Options) -> Table:
    rows = [
        [
            o.reference,
            ref_label(o, "item_type"),
            o.quantity,
            o.facility,
            o.facility_party.code,
            o.status,
            o.sent_on,
            o.expected_return,
            o.returned_on,
            o.illustrative,
        ]
        for o in repair_order_list(user=user)
    ]
    return Table(
        [
            "reference",
            "item_type",
            "quantity",
            "facility",
            "facility_iso3",
            "status",
            "sent_on",
            "expected_return",
            "returned_on",
            "illustrative",
        ],
        rows,
    )


TABLES: dict[str, TableBuilder] = {
    "donor-aid": table_donor_aid,
    "defence-spending": table_defence_spending,
    "parties": table_parties,
    "pledges": table_pledges,
    "requirements": table_requirements,
    "coverage": table_coverage,
    "aid-lines": table_aid_lines,
    "fleet": table_fleet,
    "fragmentation": table_fragmentation,
    "training": table_training,
    "training-reported": table_training_reported,
    "readiness": table_readiness,
    "shipments": table_shipments,
    "hub-throughput": table_hub_throughput,
    "repairs": table_repairs,
    "agreements": table_agreements,
    "burden-sharing": table_burden_sharing,
    "frameworks": table_frameworks,
    "coalitions": table_coalitions,
    "joint-production": table_joint_production,
    "milestones": table_milestones,
    "council-actions": table_council_actions,
}
