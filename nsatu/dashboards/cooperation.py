"""The cooperation page: where the work beside matching and delivering lives, with what awaits in each."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from nsatu.agreements.frameworks import framework_visible
from nsatu.agreements.models import AgreementKind
from nsatu.agreements.selectors import agreement_visible
from nsatu.core.actors import Reader
from nsatu.council import workflow as council_workflow
from nsatu.council.selectors import action_visible, meeting_visible
from nsatu.parties.selectors import coalition_visible
from nsatu.production.selectors import joint_project_visible
from nsatu.roadmap import workflow as roadmap_workflow
from nsatu.roadmap.selectors import milestone_visible


@dataclass(frozen=True)
class CooperationPage:
    coalitions: int
    frameworks: int
    agreements: int
    projects: int
    milestones: int
    milestones_overdue: int
    meetings: int
    actions_overdue: int


def cooperation_page_get(*, user: Reader) -> CooperationPage:
    today = timezone.localdate()
    return CooperationPage(
        coalitions=coalition_visible(user=user).filter(udcg=True).count(),
        frameworks=framework_visible(user=user).count(),
        agreements=agreement_visible(user=user).exclude(kind=AgreementKind.MULTILATERAL).count(),
        projects=joint_project_visible(user=user).count(),
        milestones=milestone_visible(user=user).count(),
        milestones_overdue=milestone_visible(user=user)
        .filter(roadmap_workflow.overdue_q(today))
        .count(),
        meetings=meeting_visible(user=user).count(),
        actions_overdue=action_visible(user=user).filter(council_workflow.overdue_q(today)).count(),
    )
