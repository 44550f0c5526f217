"""Milestones around today: one overdue, one achieved, one ahead, and one owner-only Polish milestone that
Germany's liaison may not see; a public pledge, course and agreement to link, and an owner-only Polish pledge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from nsatu.agreements.models import Agreement, AgreementStatus
from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.parties.models import Coalition
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.roadmap.models import Milestone, MilestoneArea, MilestoneStatus
from nsatu.training.models import Course, Skill


@dataclass
class Road:
    today: dt.date
    coalition: Coalition
    overdue: Milestone
    achieved: Milestone
    ahead: Milestone
    polish_secret: Milestone
    pledge: Pledge
    pledge_secret: Pledge
    course: Course
    agreement: Agreement


def _milestone(parties, title: str, due: dt.date | None, **fields) -> Milestone:
    fields.setdefault("owner", parties["UKR"])
    fields.setdefault("releasability", Releasability.PUBLIC)
    return Milestone.objects.create(
        title=title, due_date=due, source_url="https://example.org/roadmap", **fields
    )


@pytest.fixture
def road(parties, people) -> Road:
    return build_road(parties)


def build_road(parties) -> Road:
    today = timezone.localdate()
    coalition = Coalition.objects.create(
        name="IAMD coalition",
        capability_area=CapabilityArea.AIR_DEFENCE,
        releasability=Releasability.PUBLIC,
    )
    ukr = parties["UKR"]

    def pledge(code: str, releasability: str, text: str) -> Pledge:
        return Pledge.objects.create(
            donor=parties[code],
            owner=parties[code],
            recipient=ukr,
            kind=PledgeKind.FUNDS,
            currency="EUR",
            amount=Decimal(1000),
            status=PledgeStatus.COMMITTED,
            announced_on=today,
            releasability=releasability,
            description=text,
        )

    agreement = Agreement.objects.create(
        title="Ukraine – Germany",
        owner=parties["DEU"],
        status=AgreementStatus.SIGNED,
        signed_on=dt.date(2024, 2, 16),
        source_url="https://example.org/agreement",
        releasability=Releasability.PUBLIC,
    )
    agreement.parties.set([parties["DEU"], ukr])
    return Road(
        today=today,
        coalition=coalition,
        overdue=_milestone(
            parties,
            "Adopt the NATO logistics standard",
            today - dt.timedelta(days=30),
            area=MilestoneArea.STANDARDS,
            status=MilestoneStatus.IN_PROGRESS,
            coalition=coalition,
        ),
        achieved=_milestone(
            parties,
            "Defence procurement reform law",
            today - dt.timedelta(days=60),
            area=MilestoneArea.REFORM,
            status=MilestoneStatus.ACHIEVED,
            evidence="Law adopted",
        ),
        ahead=_milestone(
            parties,
            "Interoperable air command network",
            today + dt.timedelta(days=200),
            area=MilestoneArea.INTEROPERABILITY,
            coalition=coalition,
        ),
        polish_secret=_milestone(
            parties,
            "Polish qzxsecret milestone",
            today + dt.timedelta(days=100),
            area=MilestoneArea.PROGRAMME,
            owner=parties["POL"],
            releasability=Releasability.OWNER,
        ),
        pledge=pledge("DEU", Releasability.PUBLIC, "German training funds"),
        pledge_secret=pledge("POL", Releasability.OWNER, "Polish qzxpledge"),
        course=Course.objects.create(
            name="NATO staff procedures",
            host=parties["DEU"],
            skill=Skill.LANGUAGE,
            duration_weeks=8,
            seats_per_cohort=20,
            releasability=Releasability.PUBLIC,
        ),
        agreement=agreement,
    )
