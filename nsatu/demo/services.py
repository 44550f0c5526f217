"""The demo as one unit of work: the public datasets, the named people, then the illustrative offers,
courses and shipments the demo's coordinator records through the services of each domain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from nsatu.demo.courses import CoursesResult, demo_courses_build
from nsatu.demo.offers import OffersResult, demo_offers_build
from nsatu.demo.people import DEMO_COORDINATOR, demo_password, demo_people_create
from nsatu.demo.shipments import ShipmentsResult, demo_shipments_build
from nsatu.exchange.services import ImportResult, dataset_import_all


@dataclass(frozen=True)
class DemoBuilt:
    imports: list[ImportResult]
    offers: OffersResult
    courses: CoursesResult
    shipments: ShipmentsResult
    password: str


@transaction.atomic
def demo_build(
    *, data_dir: Path, var_dir: Path, progress: bool = False, today: dt.date | None = None
) -> DemoBuilt:
    """Import, create the people, build what is not built yet; a restart changes nothing users changed."""
    imports = dataset_import_all(actor=None, data_dir=data_dir, progress=progress)
    password = demo_password(var_dir)
    coordinator = demo_people_create(password=password)[DEMO_COORDINATOR]
    return DemoBuilt(
        imports=imports,
        offers=demo_offers_build(actor=coordinator, today=today),
        courses=demo_courses_build(actor=coordinator, today=today),
        # After the people: the received shipment is counted by Ukraine's planner.
        shipments=demo_shipments_build(actor=coordinator, today=today),
        password=password,
    )
