"""The one coverage of requirements: needs, the aid ledger and nsatu's own progress records, read through
visibility and handed to `engine.coverage`. Every page, export, API and briefing reads it from here."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Sum
from django.utils import timezone

from nsatu import engine
from nsatu.aid.selectors import aid_ledger_get
from nsatu.aid.summaries import ledger_stamps, stamp_key, table_stamp, weighted, weighted_day
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.tables import Table
from nsatu.coverage.results import CoverageInputs as CoverageInputs
from nsatu.coverage.results import CoverageView as CoverageView
from nsatu.coverage.rows import (
    AreaRow,
    CoverageRow,
    aid_line_table,
    area_rows,
    coverage_rows,
    coverage_table,
    page_table,
    share,
)
from nsatu.engine.coverage import (
    LineProgress,
    Need,
    coverage_compute,
    line_parcels,
)
from nsatu.engine.ledger import AidLine, Attestation, Ledger
from nsatu.engine.units import Period, Stated, UnitKind, add_months, horizon_end, horizon_quantity
from nsatu.logistics.models import (
    Receipt,
    RepairOrder,
    RepairStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.logistics.repair_selectors import repair_order_visible
from nsatu.logistics.selectors import shipment_visible
from nsatu.needs.models import Requirement
from nsatu.needs.selectors import requirement_visible
from nsatu.pledges.models import Tranche
from nsatu.pledges.selectors import pledge_visible

FIRM = ("committed", "allocated", "delivered")
ON_THE_WAY = (ShipmentStatus.DISPATCHED, ShipmentStatus.AT_HUB, ShipmentStatus.HANDED_OVER)
OUT_OF_SERVICE = (RepairStatus.SENT, RepairStatus.IN_REPAIR, RepairStatus.WRITTEN_OFF)


@dataclass(frozen=True)
class CoverageReport:
    """The coverage as the page, the API and the exports show it: the same rows, rounded once."""

    view: CoverageView
    rows: list[CoverageRow]
    areas: list[AreaRow]
    weighted_share: Decimal

    @property
    def as_of(self) -> dt.date:
        return self.view.inputs.as_of

    @property
    def horizon(self) -> dt.date:
        return self.view.inputs.horizon

    @property
    def beyond(self) -> Decimal:
        return self.view.result.beyond

    def export_table(self) -> Table:
        return coverage_table(self.view)

    def page_table(self) -> Table:
        return page_table(self.view)


# --- needs ------------------------------------------------------------------------------------


def _eligible(*, user: Reader, requirements: Sequence[Requirement]) -> dict[int, tuple[int, ...]]:
    """Per requirement: its own item type, then the visible substitutes, then every visible item type
    that provides its ammunition family (ids in a stable order)."""
    own = {r.item_type_id for r in requirements if r.item_type_id is not None}
    families = {r.ammunition_family_id for r in requirements if r.ammunition_family_id is not None}
    visible = item_type_visible(user=user)
    substitutes: dict[int, list[int]] = defaultdict(list)
    if own:
        pairs = ItemType.substitutes.through.objects.filter(
            from_itemtype_id__in=own, to_itemtype__in=visible
        ).order_by("from_itemtype_id", "to_itemtype__name")
        for source, target in pairs.values_list("from_itemtype_id", "to_itemtype_id"):
            substitutes[source].append(target)
    providers: dict[int, list[int]] = defaultdict(list)
    if families:
        rows = visible.filter(provides_family_id__in=families).order_by("name")
        for pk, family in rows.values_list("pk", "provides_family_id"):
            providers[family].append(pk)
    eligible = {}
    for r in requirements:
        ids: list[int] = []
        if r.item_type_id is not None:
            ids += [r.item_type_id, *substitutes[r.item_type_id]]
        if r.ammunition_family_id is not None:
            ids += providers[r.ammunition_family_id]
        eligible[r.pk] = tuple(dict.fromkeys(ids))
    return eligible


def _needs(
    *, user: Reader, requirements: Sequence[Requirement], as_of: dt.date, horizon: dt.date
) -> list[Need]:
    eligible = _eligible(user=user, requirements=requirements)
    needs = []
    for r in requirements:
        stated = Stated(r.quantity, UnitKind(r.unit_kind), Period(r.period))
        end = horizon_end(start=as_of, needed_by=r.needed_by, horizon=horizon)
        needs.append(
            Need(
                requirement_id=r.pk,
                reference=r.reference,
                title=r.title,
                capability_area=r.capability_area,
                unit_kind=r.unit_kind,
                quantity=horizon_quantity(stated, start=as_of, end=end),
                priority=r.priority,
                needed_by=r.needed_by,
                eligible=eligible[r.pk],
                illustrative=r.illustrative,
            )
        )
    return needs


# --- what nsatu's own records add to each aid line ----------------------------------------------


def _earmarks(line: AidLine, requirements: dict[int, Requirement]) -> dict[int, int]:
    """Firm attestations earmarked for a requirement of this computation (a plan acceptance earmarks
    too); an earmark the reader cannot follow is left to the pool of its item type."""
    earmarked: dict[int, int] = defaultdict(int)
    for a in line.attestations:
        if a.requirement_id not in requirements or a.status not in FIRM:
            continue
        units = _earmarked_units(a, line.kind, requirements[a.requirement_id])
        if units is not None:
            earmarked[a.requirement_id] += units
    return dict(earmarked)


def _earmarked_units(a: Attestation, kind: str, requirement: Requirement) -> int | None:
    """What an earmark gives in the requirement's own unit; None where the two cannot be compared: money
    never counts as items or rounds, items never as money, and funds count only toward a requirement stated
    in euros (no exchange rate is recorded for a requirement in another currency)."""
    if requirement.unit_kind == UnitKind.FUNDS:
        if kind != "funds" or requirement.unit.upper() != "EUR" or a.value_eur is None:
            return None
        return int(a.value_eur)
    if kind == "funds" or a.quantity is None:
        return None
    return a.quantity


@dataclass(frozen=True)
class _Logistics:
    shipped: dict[int, int]  # pledge id -> units on shipments on the way, not yet received
    received: dict[int, int]  # pledge id -> units accepted on receipt
    arrives: dict[int, dt.date]  # pledge id -> when its last tranche arrives


def _logistics(*, user: Reader) -> _Logistics:
    # subqueries, not the ledger's pledge ids: a ledger holds thousands, more than a query should carry
    pledges = pledge_visible(user=user)
    lines = ShipmentLine.objects.filter(
        pledge__in=pledges, shipment__in=shipment_visible(user=user)
    )
    received: dict[int, int] = defaultdict(int)
    for pledge_id, units in (
        Receipt.objects.filter(line__in=lines)
        .values_list("line__pledge_id")
        .annotate(units=Sum("quantity"))
    ):
        received[pledge_id] += units or 0
    on_the_way: dict[int, int] = defaultdict(int)
    received_on_line = (
        Receipt.objects.filter(line__in=lines.filter(shipment__status__in=ON_THE_WAY))
        .values_list("line_id")
        .annotate(units=Sum("quantity"))
    )
    partly = {line_id: units or 0 for line_id, units in received_on_line}
    for line_id, pledge_id, quantity in lines.filter(shipment__status__in=ON_THE_WAY).values_list(
        "pk", "pledge_id", "quantity"
    ):
        on_the_way[pledge_id] += max(quantity - partly.get(line_id, 0), 0)
    arrives: dict[int, dt.date] = {}
    tranches = Tranche.objects.filter(pledge__in=pledges).values_list(
        "pledge_id", "available_from", "transit_months"
    )
    for pledge_id, available, transit in tranches:
        day = add_months(available, transit)
        arrives[pledge_id] = max(arrives.get(pledge_id, day), day)
    return _Logistics(shipped=dict(on_the_way), received=dict(received), arrives=arrives)


def _progress(
    line: AidLine,
    logistics: _Logistics,
    requirements: dict[int, Requirement],
    munitions: set[int],
) -> LineProgress:
    ids = [a.pledge_id for a in line.attestations]
    dates = [logistics.arrives[i] for i in ids if i in logistics.arrives]
    unit_kind = (
        UnitKind.FUNDS
        if line.kind == "funds"
        else UnitKind.ROUNDS
        if line.item_id in munitions
        else UnitKind.ITEMS
    )
    return LineProgress(
        unit_kind=unit_kind,
        earmarked=_earmarks(line, requirements),
        shipped=sum(logistics.shipped.get(i, 0) for i in ids),
        received=sum(logistics.received.get(i, 0) for i in ids),
        arrives=max(dates) if dates else None,
    )


def _out_of_service(*, user: Reader) -> dict[int, Decimal]:
    rows = (
        repair_order_visible(user=user)
        .filter(status__in=OUT_OF_SERVICE)
        .values_list("item_type_id")
        .annotate(units=Sum("quantity"))
        .order_by("item_type_id")
    )
    return {item: Decimal(units or 0) for item, units in rows}


# --- the public reads ---------------------------------------------------------------------------


def coverage_inputs_get(
    *,
    user: Reader,
    as_of: dt.date | None = None,
    horizon_months: int = 24,
    statuses: Sequence[str] = ("published",),
) -> CoverageInputs:
    start = as_of or timezone.localdate()
    horizon = add_months(start, horizon_months)
    requirements = list(
        requirement_visible(user=user)
        .filter(status__in=list(statuses))
        .select_related("item_type", "ammunition_family")
        .order_by("priority", "needed_by", "reference")
    )
    by_id = {r.pk: r for r in requirements}
    ledger = aid_ledger_get(user=user)
    logistics = _logistics(user=user)
    # An item type that provides an ammunition family is counted in rounds, every other one in items.
    munitions = set(
        item_type_visible(user=user)
        .filter(provides_family__isnull=False)
        .values_list("pk", flat=True)
    )
    parcels = [
        parcel
        for line in ledger.lines
        for parcel in line_parcels(line, _progress(line, logistics, by_id, munitions))
    ]
    return CoverageInputs(
        needs=_needs(user=user, requirements=requirements, as_of=start, horizon=horizon),
        parcels=parcels,
        out_of_service=_out_of_service(user=user),
        ledger=ledger,
        as_of=start,
        horizon=horizon,
        requirements=by_id,
    )


def _code_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    engine_dir = Path(engine.__file__).parent
    for path in (
        here / "selectors.py",
        here / "results.py",
        engine_dir / "coverage.py",
        engine_dir / "units.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_CODE_VERSION = _code_version()


def coverage_key(
    *,
    user: Reader,
    as_of: dt.date | None = None,
    horizon_months: int = 24,
    statuses: Sequence[str] = ("published",),
) -> str:
    """A cache key for what is derived from this reader's coverage: the aid ledger's stamps (aid/summaries.py)
    and those of every other table the coverage reads, the day and the horizon. Tables without a version
    (tranches, shipment lines, receipts) are stamped by id-weighted sums of the columns read, which move when a
    value changes or moves between rows; substitutes are listed whole."""
    return stamp_key(
        "coverage",
        _CODE_VERSION,
        ledger_stamps(user=user, donor=None),
        as_of or timezone.localdate(),
        horizon_months,
        tuple(statuses),
        tuple(
            ItemType.substitutes.through.objects.order_by("pk").values_list(
                "pk", "from_itemtype_id", "to_itemtype_id"
            )
        ),
        table_stamp(Shipment.objects.all()),
        table_stamp(
            ShipmentLine.objects.all(),
            versioned=False,
            units=weighted("quantity"),
            pledges=weighted("pledge_id"),
            shipments=weighted("shipment_id"),
            item_types=weighted("item_type_id"),
            tranches=weighted("tranche_id"),
        ),
        table_stamp(
            Receipt.objects.all(),
            versioned=False,
            units=weighted("quantity"),
            lines=weighted("line_id"),
            days=weighted_day("received_on"),
        ),
        table_stamp(
            Tranche.objects.all(),
            versioned=False,
            units=weighted("quantity"),
            months=weighted("transit_months"),
            pledges=weighted("pledge_id"),
            days=weighted_day("available_from"),
            amounts=weighted("amount"),
            hubs=weighted("hub_id"),
        ),
        table_stamp(RepairOrder.objects.all()),
    )


def requirement_coverage_get(
    *,
    user: Reader,
    as_of: dt.date | None = None,
    horizon_months: int = 24,
    statuses: Sequence[str] = ("published",),
) -> CoverageView:
    inputs = coverage_inputs_get(
        user=user, as_of=as_of, horizon_months=horizon_months, statuses=statuses
    )
    result = coverage_compute(
        inputs.needs, inputs.parcels, out_of_service=inputs.out_of_service, horizon=inputs.horizon
    )
    return CoverageView(result=result, inputs=inputs)


@dataclass(frozen=True)
class AidLinesView:
    ledger: Ledger
    item_names: dict[int, str]  # item type id -> name, of the types the reader may see

    def table(self) -> Table:
        return aid_line_table(self.ledger, self.item_names)


def aid_lines_get(*, user: Reader) -> AidLinesView:
    """The aid ledger's lines with the names of their item types, for the aid-lines export."""
    names = dict(item_type_visible(user=user).values_list("pk", "name"))
    return AidLinesView(ledger=aid_ledger_get(user=user), item_names=names)


def coverage_report_get(
    *, user: Reader, as_of: dt.date | None = None, horizon_months: int = 24
) -> CoverageReport:
    view = requirement_coverage_get(user=user, as_of=as_of, horizon_months=horizon_months)
    rows = coverage_rows(view)
    return CoverageReport(
        view=view,
        rows=rows,
        areas=area_rows(view, rows),
        weighted_share=share(view.result.weighted_share),
    )
