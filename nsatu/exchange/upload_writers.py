"""One row of a filled-in template written through its domain's services, which check the role and every rule
and leave the audit events; a refusal is named by the column it concerns.

These run inside the upload service's transaction (upload_services), which owns it: the preview rolls it back,
the write commits it only when every row was accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Model
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.exchange.models import UploadKind
from nsatu.exchange.upload_columns import LINES, SHEETS, TRANCHES, Sheet
from nsatu.exchange.upload_lists import Book
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Hub
from nsatu.logistics.services import shipment_create
from nsatu.needs.models import PeriodChoice, UnitKindChoice
from nsatu.needs.services import requirement_create
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.services import pledge_create, tranche_add
from nsatu.training.services import course_create

RECIPIENT = "UKR"
FIRST_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Refusal:
    column: str  # the column's key ("" for the row as a whole)
    reason: str


class RowRefused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        super().__init__("; ".join(r.reason for r in refusals))


def _refused(column: str, reason: str) -> RowRefused:
    return RowRefused([Refusal(column, reason)])


def _call[T](write: Callable[[], T], fields: Mapping[str, str], *, denied: str = "") -> T:
    """Run one service; its refusals come back on the columns its field names map to."""
    try:
        return write()
    except PermissionDenied as exc:
        raise _refused(denied, str(exc)) from exc
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise RowRefused([Refusal(fields.get("", ""), m) for m in exc.messages]) from exc
        refusals = []
        for name, messages in exc.message_dict.items():
            for message in messages:
                column = fields.get(name, fields.get("", ""))
                if name == "lines" and (match := FIRST_NUMBER.search(message)):
                    column = f"line{match.group(1)}_item_type"
                refusals.append(Refusal(column, message))
        raise RowRefused(refusals) from exc


def _ukraine(book: Book, column: str) -> Party:
    found = book["recipients"].find(RECIPIENT) if "recipients" in book else None
    if not isinstance(found, Party):
        raise _refused(column, _("Ukraine (UKR) is not among the parties you may read."))
    return found


PLEDGE_FIELDS = {
    "donor": "donor",
    "recipient": "recipient",
    "kind": "kind",
    "item_type": "item_type",
    "description": "description",
    "quantity": "quantity",
    "amount": "amount",
    "currency": "currency",
    "status": "status",
    "announced_on": "announced_on",
    "requirement": "requirement",
    "mechanism": "mechanism",
    "notes": "notes",
    "releasability": "releasability",
    "": "donor",
}


def write_pledge(actor: Actor, v: dict[str, Any], book: Book) -> list[Model]:
    kind = v.get("kind") or PledgeKind.IN_KIND
    if (
        kind == PledgeKind.IN_KIND
        and v.get("quantity") is None
        and not v.get("description")
        and v.get("item_type") is not None
    ):
        raise _refused("quantity", _("An in-kind pledge of an item type needs its quantity."))
    recipient = v.get("recipient") or _ukraine(book, "recipient")
    pledge = _call(
        lambda: pledge_create(
            actor=actor,
            donor=v["donor"],
            recipient=recipient,
            kind=kind,
            item_type=v.get("item_type"),
            description=v.get("description") or "",
            quantity=v.get("quantity"),
            amount=v.get("amount"),
            currency=v.get("currency") or "",
            status=v.get("status") or PledgeStatus.ANNOUNCED,
            announced_on=v.get("announced_on"),
            requirement=v.get("requirement"),
            mechanism=v.get("mechanism") or "",
            notes=v.get("notes") or "",
            releasability=v.get("releasability") or Releasability.PARTICIPANTS,
        ),
        PLEDGE_FIELDS,
        denied="donor",
    )
    written: list[Model] = [pledge]
    for n in range(1, TRANCHES + 1):
        tranche = _tranche(actor, pledge, v, n)
        if tranche is not None:
            written.append(tranche)
    return written


def _tranche(actor: Actor, pledge: Pledge, v: dict[str, Any], n: int) -> Model | None:
    start, figure, hub = (v.get(f"tranche{n}_{part}") for part in ("from", "figure", "hub"))
    if start is None and figure is None and hub is None:
        return None
    if start is None:
        raise _refused(f"tranche{n}_from", _("A tranche needs the date it is available from."))
    if figure is None:
        raise _refused(f"tranche{n}_figure", _("A tranche needs a quantity or an amount."))
    assert isinstance(figure, Decimal)
    quantity: int | None = None
    amount: Decimal | None = None
    if pledge.kind == PledgeKind.FUNDS:
        amount = figure
    elif figure != figure.to_integral_value() or figure < 1:
        raise _refused(
            f"tranche{n}_figure",
            _("An in-kind tranche is a whole number of units, at least 1 (%(v)s is not).")
            % {"v": figure},
        )
    else:
        quantity = int(figure)
    figure_column = f"tranche{n}_figure"
    return _call(
        lambda: tranche_add(
            actor=actor,
            pledge=pledge,
            available_from=start,
            quantity=quantity,
            amount=amount,
            hub_id=cast(Hub, hub).pk if hub is not None else None,
        ),
        {"quantity": figure_column, "amount": figure_column, "": figure_column},
        denied="donor",
    )


REQUIREMENT_FIELDS = {
    name: name
    for name in (
        "title",
        "capability_area",
        "quantity",
        "unit",
        "unit_kind",
        "period",
        "priority",
        "needed_by",
        "item_type",
        "ammunition_family",
        "description",
        "releasability",
    )
} | {"": "title"}


def write_requirement(actor: Actor, v: dict[str, Any], book: Book) -> list[Model]:
    requirement = _call(
        lambda: requirement_create(
            actor=actor,
            title=v["title"],
            capability_area=v["capability_area"],
            quantity=v["quantity"],
            unit=v.get("unit") or "units",
            unit_kind=v.get("unit_kind") or UnitKindChoice.ITEMS,
            period=v.get("period") or PeriodChoice.TOTAL,
            priority=v.get("priority") or 3,
            needed_by=v.get("needed_by"),
            item_type=v.get("item_type"),
            ammunition_family=v.get("ammunition_family"),
            description=v.get("description") or "",
            releasability=v.get("releasability") or Releasability.PARTICIPANTS,
        ),
        REQUIREMENT_FIELDS,
    )
    return [requirement]


SHIPMENT_FIELDS = {
    "donor": "donor",
    "recipient": "donor",
    "origin": "origin",
    "hub": "hub",
    "handover_point": "handover_point",
    "planned_dispatch": "planned_dispatch",
    "planned_at_hub": "planned_at_hub",
    "planned_handover": "planned_handover",
    "releasability": "releasability",
    "notes": "notes",
    "lines": "line1_item_type",
    "": "donor",
}


def write_shipment(actor: Actor, v: dict[str, Any], book: Book) -> list[Model]:
    lines = []
    for n in range(1, LINES + 1):
        item_type, quantity, pledge = (
            v.get(f"line{n}_{part}") for part in ("item_type", "quantity", "pledge")
        )
        if item_type is None and quantity is None and pledge is None:
            continue
        if item_type is None:
            raise _refused(f"line{n}_item_type", _("A line needs its item type."))
        if quantity is None:
            raise _refused(f"line{n}_quantity", _("A line needs its quantity."))
        lines.append(
            LineInput(cast(ItemType, item_type), quantity, cast(Pledge | None, pledge), None)
        )
    recipient = _ukraine(book, "donor")
    shipment = _call(
        lambda: shipment_create(
            actor=actor,
            donor=v["donor"],
            recipient=recipient,
            origin=v["origin"],
            hub=v["hub"],
            handover_point=v["handover_point"],
            planned_dispatch=v["planned_dispatch"],
            planned_at_hub=v["planned_at_hub"],
            planned_handover=v["planned_handover"],
            lines=lines,
            releasability=v.get("releasability") or Releasability.PARTICIPANTS,
            notes=v.get("notes") or "",
        ),
        SHIPMENT_FIELDS,
        denied="donor",
    )
    return [shipment, *shipment.lines.all()]


COURSE_FIELDS = {
    name: name
    for name in (
        "host",
        "name",
        "skill",
        "duration_weeks",
        "seats_per_cohort",
        "site",
        "item_type",
        "per_unit",
        "concurrent_cohorts",
        "notes",
        "releasability",
    )
} | {"": "name", "__all__": "name"}


def write_course(actor: Actor, v: dict[str, Any], book: Book) -> list[Model]:
    course = _call(
        lambda: course_create(
            actor=actor,
            host=v["host"],
            name=v["name"],
            skill=v["skill"],
            duration_weeks=v["duration_weeks"],
            seats_per_cohort=v["seats_per_cohort"],
            site=v.get("site") or "",
            item_type=v.get("item_type"),
            per_unit=v.get("per_unit"),
            concurrent_cohorts=v.get("concurrent_cohorts") or 1,
            notes=v.get("notes") or "",
            releasability=v.get("releasability") or Releasability.PARTICIPANTS,
        ),
        COURSE_FIELDS,
        denied="host",
    )
    return [course]


type Writer = Callable[[Actor, dict[str, Any], Book], list[Model]]

WRITERS: dict[str, Writer] = {
    UploadKind.PLEDGES: write_pledge,
    UploadKind.REQUIREMENTS: write_requirement,
    UploadKind.SHIPMENTS: write_shipment,
    UploadKind.COURSES: write_course,
}


def sheet_of(kind: str) -> Sheet:
    return SHEETS[kind]
