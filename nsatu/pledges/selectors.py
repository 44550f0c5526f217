from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get, item_type_refs_mark, item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.paging import BoundedCount, KeysetPage, counts_bounded, keyset_page
from nsatu.core.refs import field_ref, mark_visible_refs, optional_ref, ref_restricted
from nsatu.core.visibility import readable_releasabilities, visible_q
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list, requirement_visible
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges import rules
from nsatu.pledges.donor_pages import by_donor, pledge_page_by_donor
from nsatu.pledges.models import (
    Pledge,
    PledgeStatus,
    ReportedAidDonorTotal,
    ReportedAidMonthTotal,
    ReportedHeavyWeapons,
    Tranche,
)
from nsatu.pledges.workflow import LADDER
from nsatu.sources.selectors import dataset_list


def pledge_visible(*, user: Reader) -> QuerySet[Pledge]:
    return Pledge.objects.filter(visible_q(user))


class PledgeFilters(TypedDict, total=False):
    """The filters of pledge_list, shared by the reads built on it."""

    donor: str | None
    status: str | None
    kind: str | None
    dataset: str | None
    item_type: int | None
    requirement: int | None
    search: str | None
    announced_from: datetime.date | None
    announced_to: datetime.date | None
    order: Sequence[str] | None


def tranche_visible(*, user: Reader) -> QuerySet[Tranche]:
    """A tranche is part of its pledge: visible with it."""
    return Tranche.objects.filter(pledge__in=pledge_visible(user=user))


def pledge_list(
    *,
    user: Reader,
    donor: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    dataset: str | None = None,
    item_type: int | None = None,
    requirement: int | None = None,
    search: str | None = None,
    announced_from: datetime.date | None = None,
    announced_to: datetime.date | None = None,
    order: Sequence[str] | None = None,
) -> QuerySet[Pledge]:
    qs = pledge_visible(user=user).select_related(
        "donor", "recipient", "item_type", "dataset", "requirement"
    )
    if donor:
        qs = qs.filter(donor__code=donor)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if dataset:
        qs = qs.filter(dataset__key=dataset)
    if item_type:
        # Filtering by a hidden item type would tell which visible pledges point at it.
        qs = qs.filter(item_type_id=item_type, item_type__in=item_type_visible(user=user))
    if requirement:
        # As for item types: filtering by a hidden requirement would tell which visible pledges are earmarked.
        qs = qs.filter(requirement_id=requirement, requirement__in=requirement_visible(user=user))
    if search:
        named = Q(item_type__name__icontains=search, item_type__in=item_type_visible(user=user))
        qs = qs.filter(Q(description__icontains=search) | named)
    if announced_from:
        qs = qs.filter(announced_on__gte=announced_from)
    if announced_to:
        qs = qs.filter(announced_on__lte=announced_to)
    return qs.order_by(*(order or ("donor__name", "-announced_on", "id")))


def pledge_get(*, user: Reader, pk: int) -> Pledge:
    pledge = pledge_list(user=user).filter(pk=pk).prefetch_related("tranches").first()
    if pledge is None:
        raise NotFound(pk)
    return pledge


def pledge_status_counts(*, user: Reader) -> dict[str, BoundedCount]:
    """The visible pledges of each status, each counted up to COUNT_CAP (one query: a bounded read of the
    index on (status, releasability, owner) per status), instead of grouping a million rows on every view."""
    visible = pledge_visible(user=user)
    return counts_bounded({s: visible.filter(status=s) for s in PledgeStatus.values})


def pledge_list_page(
    *,
    user: Reader,
    cursor: str | None,
    size: int | None = None,
    **filters: Unpack[PledgeFilters],
) -> KeysetPage[Pledge]:
    """One page of pledge_list_marked by its order's index, and a count bounded at COUNT_CAP."""
    items = pledge_list_marked(user=user, **filters)
    descending = by_donor(filters.get("order"))
    if descending is not None:
        # No index holds the donor's name: the donors are walked in name order instead (donor_pages).
        return pledge_page_by_donor(items, descending=descending, cursor=cursor, size=size)
    return keyset_page(items, cursor=cursor, size=size)


def _donor_total(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "donor_iso3": row["donor__code"],
        "donor": row["donor__name"],
        "military_eur": row["military_eur"],
        "financial_eur": row["financial_eur"],
        "humanitarian_eur": row["humanitarian_eur"],
        "total_eur": row["total_eur"],
    }


_DONOR_TOTAL = (
    "donor__code",
    "donor__name",
    "military_eur",
    "financial_eur",
    "humanitarian_eur",
    "total_eur",
)


def donor_aid_totals() -> list[dict[str, Any]]:
    """Kiel tracker amounts summed over all months, per donor (public data), as the import keeps them."""
    rows = ReportedAidDonorTotal.objects.values(*_DONOR_TOTAL).order_by("-total_eur", "donor__code")
    return [_donor_total(r) for r in rows]


def aid_over_time() -> list[dict[str, Any]]:
    rows = ReportedAidMonthTotal.objects.values(
        "year", "month", "military_eur", "financial_eur", "humanitarian_eur"
    ).order_by("year", "month")
    return [
        {
            "period": f"{r['year']}-{r['month']:02d}",
            "military_eur": r["military_eur"] or Decimal(0),
            "financial_eur": r["financial_eur"] or Decimal(0),
            "humanitarian_eur": r["humanitarian_eur"] or Decimal(0),
        }
        for r in rows
    ]


def heavy_weapons_by_donor() -> list[ReportedHeavyWeapons]:
    return list(
        ReportedHeavyWeapons.objects.select_related("donor").order_by("donor__name", "category")
    )


def donor_aid_for_party(*, code: str) -> dict[str, Any] | None:
    row = ReportedAidDonorTotal.objects.filter(donor__code=code).values(*_DONOR_TOTAL).first()
    return _donor_total(row) if row is not None else None


# The pledge's own columns an export reads; the names of what they point to are looked up in small tables.


def pledge_list_marked(*, user: Reader, **filters: Unpack[PledgeFilters]) -> QuerySet[Pledge]:
    """pledge_list with `requirement_seen` and `item_type_seen`: whether the user may see the requirement a
    pledge is earmarked for and its item type."""
    pledges = pledge_list(user=user, **filters)
    pledges = item_type_refs_mark(pledges, user=user)
    return mark_visible_refs(pledges, field="requirement", visible=requirement_visible(user=user))


def pledge_get_marked(*, user: Reader, pk: int) -> Pledge:
    """pledge_get with `requirement_seen`, as pledge_list_marked."""
    pledge = pledge_list_marked(user=user).filter(pk=pk).prefetch_related("tranches").first()
    if pledge is None:
        raise NotFound(pk)
    return pledge


def pledge_input_resolve(*, user: Reader, data: dict[str, Any]) -> dict[str, Any]:
    """The input of a write with its codes and ids replaced by the records; one the user may not see is a
    field error."""
    resolved = dict(data)
    if "donor" in data:
        # Only a liaison has a party that is naturally the donor; the command records pledges in others' names.
        liaison = user if rules.pledges_for_own_party_only(user) else None
        own = liaison.party.code if liaison and liaison.party else None
        code = data["donor"] or own
        if code is None:
            raise ValidationError({"donor": [_("Name the donor party's code.")]})
        resolved["donor"] = field_ref(
            "donor", code, lambda: party_get(user=user, code=code.upper())
        )
    if "recipient" in data:
        recipient = data["recipient"]
        resolved["recipient"] = field_ref(
            "recipient", recipient, lambda: party_get(user=user, code=recipient.upper())
        )
    if "item_type" in data:
        item_pk = data["item_type"]
        resolved["item_type"] = optional_ref(
            "item_type", item_pk, lambda: item_type_get(user=user, pk=item_pk)
        )
    if "requirement" in data:
        req_pk = data["requirement"]
        resolved["requirement"] = optional_ref(
            "requirement", req_pk, lambda: requirement_get(user=user, pk=req_pk)
        )
    return resolved


@dataclass(frozen=True)
class PledgeFilterChoices:
    donors: list[tuple[str, str]]
    datasets: list[tuple[str, str]]


def pledge_filter_choices(*, user: Reader) -> PledgeFilterChoices:
    return PledgeFilterChoices(
        donors=list(party_visible(user=user).order_by("name").values_list("code", "name")),
        datasets=list(dataset_list().values_list("key", "title")),
    )


@dataclass(frozen=True)
class PledgeIndex:
    page: KeysetPage[Pledge]
    # (status, label, number of pledges), along the ladder and then withdrawn
    status_counts: list[tuple[str, Promise, BoundedCount]]
    may_create: bool


def pledge_index_get(
    *,
    user: Reader,
    donor: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    dataset: str | None = None,
    item_type: int | None = None,
    search: str | None = None,
    announced_from: datetime.date | None = None,
    announced_to: datetime.date | None = None,
    order: Sequence[str] | None = None,
    cursor: str | None = None,
) -> PledgeIndex:
    counts = pledge_status_counts(user=user)
    return PledgeIndex(
        page=pledge_list_page(
            user=user,
            cursor=cursor,
            donor=donor,
            status=status,
            kind=kind,
            dataset=dataset,
            item_type=item_type,
            search=search,
            announced_from=announced_from,
            announced_to=announced_to,
            order=order,
        ),
        status_counts=[
            (s, PledgeStatus(s).label, counts[s]) for s in [*LADDER, PledgeStatus.WITHDRAWN]
        ],
        may_create=rules.may_create(user),
    )


@dataclass(frozen=True)
class PledgePage:
    pledge: Pledge
    status_moves: list[str]
    may_write: bool
    may_add_tranche: bool


def pledge_page_get(*, user: Reader, pk: int) -> PledgePage:
    pledge = pledge_get_marked(user=user, pk=pk)
    return PledgePage(
        pledge=pledge,
        status_moves=rules.status_moves(user, pledge),
        may_write=rules.may_write(user, donor_id=pledge.donor_id),
        may_add_tranche=rules.may_add_tranche(user, pledge),
    )


@dataclass(frozen=True)
class PledgeFormChoices:
    donors: QuerySet[Party]
    recipients: QuerySet[Party]
    item_types: QuerySet[ItemType]
    requirements: QuerySet[Requirement]
    releasabilities: list[str]
    # The donor the form proposes: a liaison's own party
    own_donor: str | None


def pledge_form_choices(*, user: Reader) -> PledgeFormChoices:
    """What the form of a new pledge offers: a liaison pledges for its own party and may keep it to itself;
    the command records pledges of others. Earmarks go to published requirements only."""
    parties = party_visible(user=user).order_by("name")
    liaison = user if rules.pledges_for_own_party_only(user) else None
    donors = parties
    if liaison is not None:
        donors = parties.filter(pk=liaison.party_id) if liaison.party_id else parties.none()
    return PledgeFormChoices(
        donors=donors,
        recipients=parties,
        item_types=item_type_visible(user=user).order_by("name"),
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED),
        releasabilities=readable_releasabilities(
            user, owner_id=liaison.party_id if liaison else None
        ),
        own_donor=liaison.party.code if liaison and liaison.party else None,
    )


@dataclass(frozen=True)
class PledgeEditPage:
    pledge: Pledge
    may_write: bool
    editable: tuple[str, ...]
    item_types: QuerySet[ItemType]
    requirements: QuerySet[Requirement]
    releasabilities: list[str]


def pledge_edit_get(*, user: Reader, pk: int) -> PledgeEditPage:
    pledge = pledge_get_marked(user=user, pk=pk)
    requirements = requirement_list(user=user, status=RequirementStatus.PUBLISHED)
    # The current earmark stays selectable even if its requirement has moved on from "published".
    if pledge.requirement_id is not None:
        requirements |= requirement_list(user=user).filter(pk=pledge.requirement_id)
    editable = rules.editable_fields(user, pledge)
    if ref_restricted(pledge, "requirement"):
        # An earmark the user may not see is not his to change: the form would drop it unseen.
        editable = tuple(name for name in editable if name != "requirement")
    return PledgeEditPage(
        pledge=pledge,
        may_write=rules.may_write(user, donor_id=pledge.donor_id),
        editable=editable,
        item_types=item_type_visible(user=user).order_by("name"),
        requirements=requirements,
        releasabilities=readable_releasabilities(user, owner_id=pledge.owner_id),
    )
