"""The demo's illustrative joint production project: 155 mm shells made in Ukraine, paid by Denmark. Not official.

Loosely after the "Danish model" (a donor paying Ukrainian industry to produce for Ukraine's forces), with an
invented producer, capacity and amount: a project agreed today, 20,000 shells a month from next month and
30,000 from the seventh, paid by one committed funds pledge of EUR 150 million. Allocation runs read it as a
producer of the 155 mm shell (nsatu/planning/producers.py), so the plan can buy from it.

The demo's coordinator records it through the services of production and pledges. Built once: building again
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.engine.units import add_months
from nsatu.exchange.services import dataset_derived_save
from nsatu.parties.models import Party
from nsatu.parties.services import party_create
from nsatu.pledges.models import PledgeKind, PledgeStatus
from nsatu.pledges.services import pledge_create
from nsatu.production.models import JointProject, PartnerRole, ProjectStatus
from nsatu.production.services import (
    joint_project_create,
    project_capacity_set,
    project_funding_add,
    project_partner_add,
)
from nsatu.sources.models import Dataset

DATASET = "production-scenario"
TITLE = (
    "Illustrative joint production: 155 mm shells made in Ukraine, paid by Denmark (not official)"
)
SHELL = "155mm artillery shell (generic)"
AMOUNT_EUR = Decimal(150_000_000)
SCHEDULE = ((1, 20_000), (7, 30_000))  # (months from now, shells a month)


@dataclass(frozen=True)
class ProductionResult:
    created: bool
    projects: int
    note: str = ""


def _party(actor: Actor, code: str, name: str) -> Party:
    return Party.objects.filter(code=code).first() or party_create(
        actor=actor, code=code, name=name
    )


def _shell() -> ItemType | None:
    named = ItemType.objects.filter(name=SHELL, unit_value_eur__isnull=False).first()
    return named or (
        ItemType.objects.filter(
            provides_family__name__icontains="155", unit_value_eur__isnull=False
        )
        .order_by("name")
        .first()
    )


def _project_add(actor: Actor, *, shell: ItemType, start: dt.date, dataset: Dataset) -> None:
    dnk, ukr = _party(actor, "DNK", "Denmark"), _party(actor, "UKR", "Ukraine")
    note = _("Illustrative joint production scenario, not official data.")
    pledge = pledge_create(
        actor=actor,
        donor=dnk,
        recipient=ukr,
        kind=PledgeKind.FUNDS,
        amount=AMOUNT_EUR,
        currency="EUR",
        status=PledgeStatus.COMMITTED,
        announced_on=start,
        mechanism=_("joint production"),
        description=_("Funds for 155 mm shells made in Ukraine (illustrative)"),
        notes=note,
        releasability=Releasability.PARTICIPANTS,
        dataset_id=dataset.pk,
    )
    project = joint_project_create(
        actor=actor,
        name=_("155 mm shells made in Ukraine (illustrative)"),
        lead=dnk,
        item_type=shell,
        status=ProjectStatus.AGREED,
        announced_on=start,
        description=note,
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
    )
    project_partner_add(actor=actor, project=project, party=dnk, name="", role=PartnerRole.FUNDER)
    project_partner_add(
        actor=actor,
        project=project,
        name=_("A Ukrainian shell producer (illustrative)"),
        country="UKR",
        role=PartnerRole.PRODUCER,
    )
    for months, units in SCHEDULE:
        project_capacity_set(
            actor=actor,
            project=project,
            from_month=add_months(start, months),
            units_per_month=units,
        )
    project_funding_add(actor=actor, project=project, pledge=pledge, note=note)


def demo_production_build(*, actor: Actor, today: dt.date | None = None) -> ProductionResult:
    """Build the project once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the joint production scenario"))
    existing = JointProject.objects.filter(dataset__key=DATASET).count()
    if existing:
        return ProductionResult(False, existing)
    shell = _shell()
    if shell is None:
        return ProductionResult(False, 0, _("no priced 155 mm shell in the catalogue"))
    start = (today or timezone.localdate()).replace(day=1)
    dataset = dataset_derived_save(
        actor=actor,
        key=DATASET,
        title=TITLE,
        publisher="nsatu project",
        citation=_("Invented for the demonstration; see the project's description."),
        licence=_("illustrative, no source"),
        rows_read=0,
        records_imported=2,
    )
    _project_add(actor, shell=shell, start=start, dataset=dataset)
    audit_event_record(
        actor=actor, action="demo.production", obj=dataset, after={"start": start.isoformat()}
    )
    return ProductionResult(True, 1)
