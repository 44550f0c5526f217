"""The demo's illustrative training scenario: F-16s arriving before enough pilots graduate. Not official data.

Two courses, loosely modelled on public reporting (English-language training for Ukrainian pilots in the United
Kingdom; F-16 conversion at the European F-16 Training Center in Romania) but with invented durations, seats and
cohorts: an English course for aviators (16 weeks, 8 seats) that the F-16 conversion course (26 weeks, 6 seats,
two cohorts at a time, one pilot per aircraft) requires. One conversion cohort graduated 4 pilots three months
ago; one English cohort of 6 ends in four weeks.

The deliveries are the F-16 tranches of firm pledges already in the database (the planning scenario's open
remainders, where there are any); where there are none the scenario adds one illustrative pledge of 12 F-16 from
the Netherlands, 6 arriving in three months and 6 in twelve. Either way the readiness page shows the first
tranche short of pilots, with the cohorts that close the gap and the earliest arrival the pipeline allows.

Built once, like the planning scenario: building again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Role, require_role
from nsatu.core.models import Releasability
from nsatu.engine.interop.scenario import add_months
from nsatu.parties.models import Party, PartyKind
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.sources.models import Dataset
from nsatu.training.models import Cohort, Course, Skill
from nsatu.training.readiness import OPEN_FIRM

SCENARIO = "training-scenario"
TITLE = "Illustrative training scenario: F-16 pilots with a language prerequisite (not official)"
F16_PREFIX = "F-16"


@dataclass(frozen=True)
class TrainingScenarioResult:
    created: bool
    courses: int
    cohorts: int
    pledge_added: bool
    note: str = ""


def _party(code: str, name: str) -> Party:
    party, _new = Party.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": PartyKind.NATION, "releasability": Releasability.PUBLIC},
    )
    return party


def training_scenario_build(*, actor: Any, today: dt.date | None = None) -> TrainingScenarioResult:
    if actor is not None:
        require_role(actor, Role.COORDINATOR, action=_("build the training scenario"))
    dataset, _new = Dataset.objects.get_or_create(key=SCENARIO, defaults={"title": TITLE})
    existing = Course.objects.filter(dataset=dataset)
    if existing.exists():
        return TrainingScenarioResult(
            False,
            existing.count(),
            Cohort.objects.filter(dataset=dataset).count(),
            Pledge.objects.filter(dataset=dataset).exists(),
        )
    f16 = ItemType.objects.filter(name__startswith=F16_PREFIX).order_by("name").first()
    if f16 is None:
        return TrainingScenarioResult(
            False, 0, 0, False, _("no F-16 item type in the catalogue; import equipment")
        )
    start = (today or timezone.localdate()).replace(day=1)
    gbr, rou = _party("GBR", "United Kingdom"), _party("ROU", "Romania")
    note = _("Illustrative training scenario, not official data.")
    common = {"releasability": Releasability.PARTICIPANTS, "dataset": dataset}
    english = Course.objects.create(
        name=_("English for aviators (illustrative)"),
        host=gbr,
        owner=gbr,
        site=_("United Kingdom"),
        skill=Skill.LANGUAGE,
        duration_weeks=16,
        seats_per_cohort=8,
        notes=note,
        **common,
    )
    conversion = Course.objects.create(
        name=_("F-16 pilot conversion (illustrative)"),
        host=rou,
        owner=rou,
        site=_("European F-16 Training Center, Fetești"),
        skill=Skill.PILOT,
        item_type=f16,
        duration_weeks=26,
        seats_per_cohort=6,
        concurrent_cohorts=2,
        per_unit=1,
        notes=note,
        **common,
    )
    conversion.prerequisites.set([english])
    cohorts = [
        Cohort(
            course=conversion,
            start=add_months(start, -9),
            end=add_months(start, -3),
            seats=6,
            enrolled=5,
            graduated=4,
            owner=rou,
            notes=note,
            **common,
        ),
        Cohort(
            course=english,
            start=add_months(start, -3),
            end=start + dt.timedelta(weeks=4),
            seats=8,
            enrolled=6,
            owner=gbr,
            notes=note,
            **common,
        ),
    ]
    Cohort.objects.bulk_create(cohorts)
    pledge_added = False
    if not Tranche.objects.filter(pledge__item_type=f16, pledge__status__in=OPEN_FIRM).exists():
        nld = _party("NLD", "Netherlands")
        pledge = Pledge.objects.create(
            donor=nld,
            recipient=_party("UKR", "Ukraine"),
            kind=PledgeKind.IN_KIND,
            item_type=f16,
            quantity=12,
            status=PledgeStatus.COMMITTED,
            description=_("F-16 (illustrative training scenario)"),
            notes=note,
            owner=nld,
            **common,
        )
        Tranche.objects.bulk_create(
            [
                Tranche(pledge=pledge, available_from=add_months(start, 3), quantity=6),
                Tranche(pledge=pledge, available_from=add_months(start, 12), quantity=6),
            ]
        )
        pledge_added = True
    dataset.title = TITLE
    dataset.publisher = "nsatu project"
    dataset.citation = _("Invented for the demonstration; see the notes of each course.")
    dataset.licence = _("illustrative, no source")
    dataset.imported_at = timezone.now()
    dataset.records_imported = 2 + len(cohorts) + int(pledge_added)
    dataset.save()
    audit_event_record(
        actor=actor,
        action="training.scenario",
        obj=dataset,
        after={
            "courses": 2,
            "cohorts": len(cohorts),
            "pledge_added": pledge_added,
            "start": start.isoformat(),
        },
    )
    return TrainingScenarioResult(True, 2, len(cohorts), pledge_added)
