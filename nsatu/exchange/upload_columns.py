"""The columns of each fill-in template: what a person reads as the header, what the cell takes, which list feeds
its drop-down. The template, the reader and the preview all read these, so the three never disagree.

Pledges carry their tranches on the pledge's own row (up to four, "Tranche 1: …" to "Tranche 4: …") rather than
on a second sheet keyed by a pledge reference: a staff officer copies a donor's announcement line by line, and a
pledge rarely comes in more than a few tranches (the pledge's page adds more). One row is one pledge, so there is
no reference to type twice and no tranche can lose its pledge; a row is also what a re-upload recognises.
Shipments carry their lines the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.exchange.models import UploadKind

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise  # a type of django-stubs only

TEXT, WHOLE, NUMBER, DATE, CHOICE = "text", "whole", "number", "date", "choice"
TRANCHES = 4
LINES = 4


@dataclass(frozen=True)
class Column:
    key: str
    label: _StrOrPromise
    type: str = TEXT
    required: bool = False
    choices: str = ""  # the list of the "Lists" sheet that feeds the drop-down (type CHOICE)
    help: _StrOrPromise = ""
    example: str = ""
    max_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    kind: str
    name: _StrOrPromise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


ONE = Decimal(1)
ZERO = Decimal(0)
MAX_INT = Decimal(2**31 - 1)

RELEASABILITY = Column(
    "releasability",
    _("Releasability"),
    CHOICE,
    choices="releasabilities",
    help=_("Who may read the record; empty: all participants."),
    example="All participants",
    width=20,
)
NOTES = Column("notes", _("Notes"), help=_("Free text."), width=30)


def _tranche(n: int) -> tuple[Column, ...]:
    return (
        Column(
            f"tranche{n}_from",
            format_lazy(_("Tranche {n}: available from"), n=n),
            DATE,
            help=_("The date the tranche is available; a tranche needs this date and a figure."),
            example="2026-09-01" if n == 1 else "",
        ),
        Column(
            f"tranche{n}_figure",
            format_lazy(_("Tranche {n}: quantity or amount"), n=n),
            NUMBER,
            minimum=ZERO,
            help=_("Units for an in-kind pledge (a whole number), money for a funds pledge."),
            example="20" if n == 1 else "",
        ),
        Column(
            f"tranche{n}_hub",
            format_lazy(_("Tranche {n}: hub"), n=n),
            CHOICE,
            choices="hubs",
            help=_("The logistics hub the tranche is routed through; may stay empty."),
            width=24,
        ),
    )


# The donor column of every sheet that names one (pledges, shipments).
DONOR = Column(
    "donor",
    _("Donor"),
    CHOICE,
    required=True,
    choices="donors",
    help=_("The donor party, by name or code."),
    example="Germany",
    width=22,
)


PLEDGES = Sheet(
    UploadKind.PLEDGES,
    _("Pledges"),
    (
        DONOR,
        Column(
            "recipient",
            _("Recipient"),
            CHOICE,
            choices="parties",
            help=_("Empty: Ukraine."),
            example="Ukraine",
            width=16,
        ),
        Column(
            "kind",
            _("Kind"),
            CHOICE,
            choices="pledge_kinds",
            help=_("In kind or funds; empty: in kind."),
            example="In kind",
            width=12,
        ),
        Column(
            "item_type",
            _("Item type"),
            CHOICE,
            choices="item_types",
            help=_("From the catalogue; an in-kind pledge needs an item type or a description."),
            example="Leopard 2A6",
            width=30,
        ),
        Column(
            "description",
            _("Description"),
            max_length=500,
            help=_("As the donor or the source words it."),
            width=30,
        ),
        Column(
            "quantity",
            _("Quantity"),
            WHOLE,
            minimum=ONE,
            maximum=MAX_INT,
            help=_("Units, for an in-kind pledge."),
            example="40",
            width=10,
        ),
        Column(
            "amount",
            _("Amount"),
            NUMBER,
            minimum=ZERO,
            maximum=Decimal("9999999999999999.99"),
            help=_("Money, for a funds pledge, in the currency of the next column."),
            width=14,
        ),
        Column(
            "currency",
            _("Currency"),
            max_length=3,
            help=_("ISO 4217 code, e.g. EUR, USD, NOK."),
            width=10,
        ),
        Column(
            "status",
            _("Status"),
            CHOICE,
            choices="pledge_statuses",
            help=_("Announced or committed; empty: announced."),
            example="Committed",
            width=14,
        ),
        Column("announced_on", _("Announced on"), DATE, help=_("A date."), example="2026-06-15"),
        Column(
            "requirement",
            _("Earmarked for requirement"),
            CHOICE,
            choices="requirements",
            help=_("A published requirement, by its reference; may stay empty."),
            width=22,
        ),
        Column(
            "mechanism",
            _("Mechanism"),
            max_length=40,
            help=_("e.g. PDA, USAI, EPF, PURL."),
            width=12,
        ),
        RELEASABILITY,
        NOTES,
        *(column for n in range(1, TRANCHES + 1) for column in _tranche(n)),
    ),
)

REQUIREMENTS = Sheet(
    UploadKind.REQUIREMENTS,
    _("Requirements"),
    (
        Column(
            "title",
            _("Title"),
            required=True,
            max_length=300,
            help=_("What is needed, in a line."),
            example="Air defence for the southern cities",
            width=36,
        ),
        Column(
            "capability_area",
            _("Capability area"),
            CHOICE,
            required=True,
            choices="capability_areas",
            help=_("From the list."),
            example="Air defence",
            width=20,
        ),
        Column(
            "item_type",
            _("Item type"),
            CHOICE,
            choices="item_types",
            help=_("Name an item type, an ammunition family, or describe the capability needed."),
            width=30,
        ),
        Column(
            "ammunition_family",
            _("Ammunition family"),
            CHOICE,
            choices="ammunition_families",
            help=_("From the list; may stay empty."),
            width=20,
        ),
        Column(
            "description",
            _("Described capability"),
            help=_("Free text; needed when neither an item type nor a family is named."),
            width=30,
        ),
        Column(
            "quantity",
            _("Quantity"),
            NUMBER,
            required=True,
            minimum=Decimal("0.01"),
            maximum=Decimal("99999999999999.99"),
            help=_("More than zero."),
            example="4",
            width=10,
        ),
        Column(
            "unit",
            _("Unit"),
            max_length=40,
            help=_("What one counts, e.g. systems or rounds; for funds the currency, e.g. EUR."),
            example="systems",
            width=12,
        ),
        Column(
            "unit_kind",
            _("Unit kind"),
            CHOICE,
            choices="unit_kinds",
            help=_("Items, rounds or funds; empty: items."),
            width=12,
        ),
        Column(
            "period",
            _("Per"),
            CHOICE,
            choices="periods",
            help=_("Empty: in total."),
            width=12,
        ),
        Column(
            "priority",
            _("Priority"),
            WHOLE,
            minimum=ONE,
            maximum=Decimal(5),
            help=_("1 is the most pressing, 5 the least; empty: 3."),
            example="1",
            width=10,
        ),
        Column("needed_by", _("Needed by"), DATE, help=_("A date."), example="2027-03-31"),
        RELEASABILITY,
    ),
)


def _line(n: int) -> tuple[Column, ...]:
    return (
        Column(
            f"line{n}_item_type",
            format_lazy(_("Line {n}: item type"), n=n),
            CHOICE,
            required=n == 1,
            choices="item_types",
            help=_("What the line carries; a shipment needs at least line 1."),
            example="Leopard 2A6" if n == 1 else "",
            width=30,
        ),
        Column(
            f"line{n}_quantity",
            format_lazy(_("Line {n}: quantity"), n=n),
            WHOLE,
            required=n == 1,
            minimum=ONE,
            maximum=MAX_INT,
            help=_("Units, at least 1."),
            example="10" if n == 1 else "",
            width=10,
        ),
        Column(
            f"line{n}_pledge",
            format_lazy(_("Line {n}: pledge"), n=n),
            CHOICE,
            choices="pledges",
            help=_("The firm in-kind pledge the line delivers; may stay empty."),
            width=30,
        ),
    )


SHIPMENTS = Sheet(
    UploadKind.SHIPMENTS,
    _("Shipments"),
    (
        DONOR,
        Column(
            "origin",
            pgettext_lazy("shipment", "Origin"),
            required=True,
            max_length=200,
            help=_("Where the shipment leaves from."),
            example="Unterlüß",
            width=20,
        ),
        Column(
            "hub",
            _("Hub"),
            CHOICE,
            required=True,
            choices="hubs",
            help=_("The logistics hub it passes through."),
            width=24,
        ),
        Column(
            "handover_point",
            _("Handover point"),
            required=True,
            max_length=200,
            help=_("Where Ukraine takes it over."),
            example="Lviv",
            width=18,
        ),
        Column(
            "planned_dispatch",
            _("Planned dispatch"),
            DATE,
            required=True,
            help=_("A date."),
            example="2026-08-01",
        ),
        Column(
            "planned_at_hub",
            _("Planned at hub"),
            DATE,
            required=True,
            help=_("A date, not before the dispatch."),
            example="2026-08-05",
        ),
        Column(
            "planned_handover",
            _("Planned handover"),
            DATE,
            required=True,
            help=_("A date, not before the arrival at the hub."),
            example="2026-08-09",
        ),
        RELEASABILITY,
        NOTES,
        *(column for n in range(1, LINES + 1) for column in _line(n)),
    ),
)

COURSES = Sheet(
    UploadKind.COURSES,
    _("Courses"),
    (
        Column(
            "host",
            _("Host nation"),
            CHOICE,
            required=True,
            choices="hosts",
            help=_("The nation that runs the course, by name or code."),
            example="Germany",
            width=22,
        ),
        Column(
            "name",
            _("Name"),
            required=True,
            max_length=200,
            help=_("Unique for its host nation."),
            example="Leopard 2 crew course",
            width=30,
        ),
        Column(
            "skill",
            _("Skill"),
            CHOICE,
            required=True,
            choices="skills",
            help=_("From the list."),
            example="Crew",
            width=16,
        ),
        Column(
            "item_type",
            _("Item type"),
            CHOICE,
            choices="item_types",
            help=_("Needed for pilot, crew and maintainer courses."),
            example="Leopard 2A6",
            width=30,
        ),
        Column(
            "duration_weeks",
            _("Duration (weeks)"),
            WHOLE,
            required=True,
            minimum=ONE,
            maximum=Decimal(32767),
            help=_("Whole weeks, at least 1."),
            example="8",
            width=12,
        ),
        Column(
            "seats_per_cohort",
            _("Seats per cohort"),
            WHOLE,
            required=True,
            minimum=ONE,
            maximum=MAX_INT,
            help=_("At least 1."),
            example="24",
            width=12,
        ),
        Column(
            "concurrent_cohorts",
            _("Cohorts at a time"),
            WHOLE,
            minimum=ONE,
            maximum=Decimal(32767),
            help=_("How many cohorts the site can run at once; empty: 1."),
            width=12,
        ),
        Column(
            "per_unit",
            _("Graduates per unit"),
            WHOLE,
            minimum=ONE,
            maximum=Decimal(32767),
            help=_("e.g. pilots per aircraft; empty: the item type's crew per unit."),
            width=12,
        ),
        Column(
            "site", _("Site"), max_length=200, help=_("Where the course runs."), example="Munster"
        ),
        RELEASABILITY,
        NOTES,
    ),
)

SHEETS: dict[str, Sheet] = {s.kind: s for s in (PLEDGES, REQUIREMENTS, SHIPMENTS, COURSES)}
