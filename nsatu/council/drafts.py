"""An action as a form or a request gives it, its targets already resolved through the reader's visibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nsatu.agreements.models import Agreement
from nsatu.council.models import ActionStatus
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.roadmap.models import Milestone


@dataclass(frozen=True)
class ActionDraft:
    title: str
    owner: Party
    due_date: dt.date | None = None
    status: str = ActionStatus.OPEN
    milestone: Milestone | None = None
    pledge: Pledge | None = None
    agreement: Agreement | None = None
