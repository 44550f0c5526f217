"""When a claim falls due: about to expire (within CLAIM_EXPIRING_DAYS) or just expired; `nsatu notices --due`."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from nsatu.notifications.due import due_check_register
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine
from nsatu.planning.selectors import live_claim_q

CLAIM_EXPIRING_DAYS = 7


def claims_expiring_q(now: dt.datetime) -> Q:
    """A live claim that lapses within the coming CLAIM_EXPIRING_DAYS unless its donor renews or pledges."""
    return live_claim_q(now) & Q(expires_at__lte=now + dt.timedelta(days=CLAIM_EXPIRING_DAYS))


def claims_expired_q(now: dt.datetime) -> Q:
    """Lapsed in the last CLAIM_EXPIRING_DAYS, not released by hand (released_at is set to its expiry then)."""
    recent = Q(expires_at__lte=now, expires_at__gt=now - dt.timedelta(days=CLAIM_EXPIRING_DAYS))
    return recent & (Q(released_at__isnull=True) | Q(released_at=F("expires_at")))


def claims_due_notify(now: dt.datetime) -> int:
    link = reverse("planning:claims")
    sent = 0
    for kind, due in (
        (NoticeKind.CLAIM_EXPIRING, claims_expiring_q(now)),
        (NoticeKind.CLAIM_EXPIRED, claims_expired_q(now)),
    ):
        for claim in Claim.objects.filter(due).select_related("donor", "requirement"):
            sent += len(notice_emit(actor=None, kind=kind, subject=claim, link=link))
    return sent


due_check_register("claims", claims_due_notify)


def proposals_announce(*, run: AllocationRun) -> None:
    """One notice per donor whose tranches the run proposes, pointing at his proposals of this run."""
    first: dict[int | None, PlanLine] = {}
    for line in PlanLine.objects.filter(run=run).order_by("id"):
        first.setdefault(line.owner_id, line)
    query = urlencode({"run": str(run.pk), "state": str(LineState.PROPOSED)})
    link = f"{reverse('planning:lines')}?{query}"
    for line in first.values():
        notice_emit(
            actor=None,
            kind=NoticeKind.PROPOSAL_MADE,
            subject=line,
            link=link,
            label=_("run %(run)s") % {"run": run.pk},
        )
