"""The demo as one unit of work: the public datasets, the named people, then the illustrative offers,
funds, courses and shipments the demo's coordinator records through the services of each domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role, require_role
from nsatu.demo import council, courses, funds, offers, production
from nsatu.demo.council import CouncilResult, demo_council_build
from nsatu.demo.courses import CoursesResult, demo_courses_build
from nsatu.demo.funds import FundsResult, demo_funds_build
from nsatu.demo.offers import OffersResult, demo_offers_build
from nsatu.demo.people import DEMO_COORDINATOR, demo_password, demo_people_create
from nsatu.demo.production import ProductionResult, demo_production_build
from nsatu.demo.shipments import ShipmentsResult, demo_shipments_build
from nsatu.demo.work import WorkResult, demo_work_build
from nsatu.exchange.services import ImportResult, dataset_import_all
from nsatu.sources.models import Dataset

# The datasets the demo invents: every record of theirs is badged illustrative wherever it is shown.
ILLUSTRATIVE_DATASETS = (
    offers.DATASET,
    funds.DATASET,
    courses.DATASET,
    production.DATASET,
    council.DATASET,
)


@dataclass(frozen=True)
class DemoBuilt:
    imports: list[ImportResult]
    offers: OffersResult
    funds: FundsResult
    courses: CoursesResult
    production: ProductionResult
    council: CouncilResult
    shipments: ShipmentsResult
    work: WorkResult
    password: str


@transaction.atomic
def dataset_illustrative_mark(*, actor: Actor, keys: Sequence[str]) -> list[str]:
    """Mark the demo's own datasets illustrative (once; audited); returns the keys marked now."""
    require_role(actor, Role.COORDINATOR, action=_("mark demo datasets illustrative"))
    marked = []
    for dataset in Dataset.objects.filter(key__in=keys, illustrative=False).order_by("key"):
        dataset.illustrative = True
        dataset.save(update_fields=["illustrative"])
        audit_event_record(
            actor=actor,
            action="dataset.illustrative",
            obj=dataset,
            before={"illustrative": False},
            after={"illustrative": True},
        )
        marked.append(dataset.key)
    return marked


@transaction.atomic
def demo_build(
    *, data_dir: Path, var_dir: Path, progress: bool = False, today: dt.date | None = None
) -> DemoBuilt:
    """Import, create the people, build what is not built yet; a restart changes nothing users changed."""
    imports = dataset_import_all(actor=None, data_dir=data_dir, progress=progress)
    password = demo_password(var_dir)
    coordinator = demo_people_create(password=password)[DEMO_COORDINATOR]
    built = DemoBuilt(
        imports=imports,
        offers=demo_offers_build(actor=coordinator, today=today),
        funds=demo_funds_build(actor=coordinator, data_dir=data_dir, today=today),
        courses=demo_courses_build(actor=coordinator, today=today),
        production=demo_production_build(actor=coordinator, today=today),
        council=demo_council_build(actor=coordinator, today=today),
        # After the people: the received shipment is counted by Ukraine's planner.
        shipments=demo_shipments_build(actor=coordinator, today=today),
        work=demo_work_build(actor=coordinator, today=today),
        password=password,
    )
    dataset_illustrative_mark(actor=coordinator, keys=ILLUSTRATIVE_DATASETS)
    return built
