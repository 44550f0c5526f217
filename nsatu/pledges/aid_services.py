"""The per-donor and per-month totals of the Kiel tracker's reported aid, kept beside the rows they sum."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from nsatu.core.actors import Actor, Role, require_role
from nsatu.pledges.models import ReportedAid, ReportedAidDonorTotal, ReportedAidMonthTotal

AMOUNTS = ("total_eur", "financial_eur", "humanitarian_eur", "military_eur")


@transaction.atomic
def reported_aid_totals_rebuild(*, actor: Actor | None) -> int:
    """Sum ReportedAid again into the totals tables; returns the number of donors.

    Called by the Kiel import, inside its own unit of work, whenever it created, changed or removed a row,
    so the totals never disagree with the rows a reader could sum; the import's audit event records the
    change of the rows these derive from. `actor` None is the system (an import, a command).
    """
    if actor is not None:
        require_role(actor, Role.COORDINATOR, action=_("rebuild the reported aid totals"))
    sums = {name: Sum(name) for name in AMOUNTS}
    ReportedAidDonorTotal.objects.all().delete()
    ReportedAidMonthTotal.objects.all().delete()
    donors = ReportedAidDonorTotal.objects.bulk_create(
        ReportedAidDonorTotal(**row)
        for row in ReportedAid.objects.order_by()
        .values("donor_id")
        .annotate(months=Count("pk"), **sums)
    )
    ReportedAidMonthTotal.objects.bulk_create(
        ReportedAidMonthTotal(**row)
        for row in ReportedAid.objects.order_by().values("year", "month").annotate(**sums)
    )
    return len(donors)
