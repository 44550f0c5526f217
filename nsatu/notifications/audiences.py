"""Who is told of each kind of notice, and in which words: one table, read by `notice_emit`.

A recipient is named by role and, where the notice concerns one party's business, by that party (the subject's
owner unless the caller names another). Readability of the subject is checked afterwards, per recipient.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nsatu.core.actors import Role
from nsatu.notifications.models import Delivery
from nsatu.notifications.models import NoticeKind as K


@dataclass(frozen=True)
class Audience:
    role: str
    # True: only users of the party the notice concerns; False: every user of the role.
    of_party: bool = False


COMMAND = Audience(Role.COORDINATOR)
PLANNERS_OF_PARTY = Audience(Role.RECIPIENT_PLANNER, of_party=True)
LIAISONS_OF_PARTY = Audience(Role.DONOR_LIAISON, of_party=True)
LIAISONS = Audience(Role.DONOR_LIAISON)

AUDIENCES: dict[str, tuple[Audience, ...]] = {
    K.REQUIREMENT_SUBMITTED: (COMMAND,),
    K.REQUIREMENT_VALIDATED: (PLANNERS_OF_PARTY,),
    K.REQUIREMENT_PUBLISHED: (PLANNERS_OF_PARTY, LIAISONS),
    K.REQUIREMENT_CANCELLED: (COMMAND, PLANNERS_OF_PARTY),
    K.PROPOSAL_MADE: (LIAISONS_OF_PARTY,),
    K.PROPOSAL_ACCEPTED: (COMMAND,),
    K.PROPOSAL_DECLINED: (COMMAND,),
    K.CLAIM_EXPIRING: (LIAISONS_OF_PARTY,),
    K.CLAIM_EXPIRED: (LIAISONS_OF_PARTY, COMMAND),
    K.SHIPMENT_LATE: (LIAISONS_OF_PARTY,),
    K.DISCREPANCY_RECORDED: (LIAISONS_OF_PARTY, COMMAND),
    K.INTAKE_AWAITING: (LIAISONS_OF_PARTY,),
}

SUBJECTS: dict[str, Promise] = {
    K.REQUIREMENT_SUBMITTED: _("Requirement %(record)s awaits your validation"),
    K.REQUIREMENT_VALIDATED: _("Requirement %(record)s was validated"),
    K.REQUIREMENT_PUBLISHED: _("Requirement %(record)s was published"),
    K.REQUIREMENT_CANCELLED: _("Requirement %(record)s was cancelled"),
    K.PROPOSAL_MADE: _("New plan proposals await your decision: %(record)s"),
    K.PROPOSAL_ACCEPTED: _("Plan proposal accepted: %(record)s"),
    K.PROPOSAL_DECLINED: _("Plan proposal declined: %(record)s"),
    K.CLAIM_EXPIRING: _("Your claim %(record)s expires within 7 days"),
    K.CLAIM_EXPIRED: _("Claim %(record)s expired"),
    K.SHIPMENT_LATE: _("Shipment %(record)s is late"),
    K.DISCREPANCY_RECORDED: _("A discrepancy was recorded on shipment %(record)s"),
    K.INTAKE_AWAITING: _("A claim read from a document awaits your confirmation: %(record)s"),
}

# Late shipments were e-mailed to every liaison with an address before anyone could choose: kept as the default.
DEFAULT_DELIVERY: dict[str, str] = {K.SHIPMENT_LATE: Delivery.EMAIL}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY.get(kind, Delivery.IN_APP)
