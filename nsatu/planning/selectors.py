"""Reads of the planning app: runs, plan lines, shortfalls, claims, and the pages that show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from nsatu.catalogue.selectors import item_type_refs_mark
from nsatu.core.actors import Actor, PartyLabel, Reader, Role
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, mark_visible_refs
from nsatu.core.visibility import visible_q
from nsatu.logistics.hub_selectors import hub_refs_mark
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list, requirement_visible
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.planning import rules
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, Shortfall
from nsatu.pledges.selectors import pledge_visible, tranche_visible


@dataclass(frozen=True)
class CommandView:
    """The console operator (`nsatu plan` without --as) plans with the command's view: everything released
    to the command, as a coordinator without a party of its own would see it."""

    pk: int = 0
    username: str = "system"
    role: str = Role.COORDINATOR
    role_label: str = "Coordinator"
    party_id: int | None = None
    party: PartyLabel | None = None
    is_active: bool = True
    is_authenticated: bool = True
    is_superuser: bool = False


COMMAND_VIEW: Actor = CommandView()


def run_visible(*, user: Reader) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(visible_q(user))


def run_list(
    *, user: Reader, status: str | None = None, order: Sequence[str] = ("-created_at", "-id")
) -> QuerySet[AllocationRun]:
    qs = run_visible(user=user).select_related("created_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(*order)


def run_get(*, user: Reader, pk: int) -> AllocationRun:
    run = run_list(user=user).filter(pk=pk).first()
    if run is None:
        raise NotFound(pk)
    return run


def plan_line_visible(*, user: Reader) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(visible_q(user))


LINE_ORDER = (
    "-run_id",
    "owner__name",
    "requirement__priority",
    "requirement__reference",
    "month",
    "id",
)


def plan_line_list(
    *,
    user: Reader,
    run: int | None = None,
    donor: str | None = None,
    state: str | None = None,
    requirement: int | None = None,
    order: Sequence[str] = LINE_ORDER,
) -> QuerySet[PlanLine]:
    qs = plan_line_visible(user=user).select_related(
        "run",
        "owner",
        "pledge",
        "pledge__item_type",
        "requirement",
        "item_type",
        "hub",
        "tranche",
        "decided_by",
    )
    if run:
        qs = qs.filter(run_id=run)
    if donor:
        qs = qs.filter(owner__code=donor)
    if state:
        qs = qs.filter(state=state)
    if requirement:
        qs = qs.filter(requirement_id=requirement)
    # A proposal may name a requirement or pledge hidden from its reader (core/refs.py names them).
    qs = mark_visible_refs(qs, field="requirement", visible=requirement_visible(user=user))
    qs = mark_visible_refs(qs, field="pledge", visible=pledge_visible(user=user))
    qs = mark_visible_refs(qs, field="tranche", visible=tranche_visible(user=user))
    qs = hub_refs_mark(item_type_refs_mark(qs, user=user), user=user)
    return qs.order_by(*order)


def plan_line_get(*, user: Reader, pk: int) -> PlanLine:
    line = plan_line_list(user=user).filter(pk=pk).first()
    if line is None:
        raise NotFound(pk)
    return line


def plan_line_export_list(*, user: Reader, run: int) -> QuerySet[PlanLine]:
    """A run's lines in the order of the export: by donor, requirement and month."""
    return plan_line_list(user=user, run=run).order_by(
        "owner__code", "requirement__reference", "month", "id"
    )


def plan_line_donor_choices(*, user: Reader) -> list[tuple[str, str]]:
    """(code, name) of the donors the proposals may be filtered by: a liaison's own nation only, since
    offering other donors would just list names."""
    donors = party_visible(user=user).filter(kind="nation").order_by("name")
    if user is not None and rules.sees_own_proposals_only(user):
        own = user.party_id
        donors = donors.filter(pk=own) if own is not None else donors.none()
    return list(donors.values_list("code", "name"))


def shortfall_list(*, user: Reader, run: AllocationRun) -> QuerySet[Shortfall]:
    """Shortfalls of a run the caller may see (`run` comes from run_get)."""
    if not run_visible(user=user).filter(pk=run.pk).exists():
        raise NotFound(run.pk)
    # A derived result (docs/architecture.md, "Derived results"): a row about a requirement hidden from
    # the reader is left out, not shown as restricted.
    visible = requirement_visible(user=user)
    rows = Shortfall.objects.filter(run=run, requirement__in=visible).select_related("requirement")
    return mark_visible_refs(rows, field="requirement", visible=visible).order_by(
        "requirement__priority", "requirement__reference"
    )


def declined_pairs(*, user: Reader, pledge_ids: list[int]) -> dict[int, set[str]]:
    """pledge id -> references of requirements its donor declined for it in any earlier run."""
    pairs: dict[int, set[str]] = defaultdict(set)
    rows = (
        plan_line_visible(user=user)
        .filter(pledge_id__in=pledge_ids, state=LineState.DECLINED)
        .values_list("pledge_id", "requirement__reference")
    )
    for pledge_id, reference in rows:
        pairs[pledge_id].add(reference)
    return pairs


def claim_visible(*, user: Reader) -> QuerySet[Claim]:
    return Claim.objects.filter(visible_q(user))


def live_claim_q(now: dt.datetime) -> Q:
    return Q(released_at__isnull=True, expires_at__gt=now)


def claim_list(
    *,
    user: Reader,
    now: dt.datetime,
    live: bool | None = None,
    donor: str | None = None,
    requirement: int | None = None,
    order: Sequence[str] = ("-created_at", "-id"),
) -> QuerySet[Claim]:
    qs = claim_visible(user=user).select_related(
        "donor", "requirement", "claimed_by", "released_by"
    )
    if live is True:
        qs = qs.filter(live_claim_q(now))
    elif live is False:
        qs = qs.exclude(live_claim_q(now))
    if donor:
        qs = qs.filter(donor__code=donor)
    if requirement:
        qs = qs.filter(requirement_id=requirement)
    qs = mark_visible_refs(qs, field="requirement", visible=requirement_visible(user=user))
    return qs.order_by(*order)


def claims_live(*, user: Reader, now: dt.datetime) -> QuerySet[Claim]:
    return claim_list(user=user, now=now, live=True)


def claim_get(*, user: Reader, pk: int) -> Claim:
    claim = (
        mark_visible_refs(
            claim_visible(user=user).select_related("donor", "requirement", "claimed_by"),
            field="requirement",
            visible=requirement_visible(user=user),
        )
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise NotFound(pk)
    return claim


@dataclass(frozen=True)
class ClaimsPage:
    """The claims page: what the claim form offers (donors only to the command), live and past claims."""

    requirements: QuerySet[Requirement]
    donors: QuerySet[Party] | None
    live: QuerySet[Claim]
    past: QuerySet[Claim]


def claims_page_get(
    *, user: Reader, now: dt.datetime, order: Sequence[str] = ("-created_at", "-id")
) -> ClaimsPage:
    return ClaimsPage(
        # No needed-by date sorts last on SQLite as on PostgreSQL.
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED).order_by(
            "priority", F("needed_by").asc(nulls_last=True), "reference"
        ),
        donors=party_visible(user=user).filter(kind="nation").order_by("name")
        if rules.claims_for_any_donor(user)
        else None,
        live=claim_list(user=user, now=now, live=True),
        past=claim_list(user=user, now=now, live=False, order=order),
    )


@dataclass(frozen=True)
class ClaimRefs:
    requirement: Requirement
    donor: Party | None


def claim_input_resolve(*, user: Actor, requirement: int, donor: str | None) -> ClaimRefs:
    """The requirement (by id) and donor (by code) a claim's input names; one the user may not see is a
    field error."""
    found = field_ref(
        "requirement", requirement, lambda: requirement_get(user=user, pk=requirement)
    )
    if not donor:
        return ClaimRefs(found, None)
    code = donor.upper()
    return ClaimRefs(found, field_ref("donor", donor, lambda: party_get(user=user, code=code)))
