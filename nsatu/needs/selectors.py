from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.selectors import (
    ammunition_family_list,
    item_type_get,
    item_type_refs_mark,
    item_type_visible,
)
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import optional_ref
from nsatu.core.visibility import visible_q
from nsatu.needs import rules
from nsatu.needs.models import Requirement


def requirement_visible(*, user: Reader) -> QuerySet[Requirement]:
    return Requirement.objects.filter(visible_q(user))


def requirement_list(
    *,
    user: Reader,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
) -> QuerySet[Requirement]:
    qs = requirement_visible(user=user).select_related("item_type", "ammunition_family", "owner")
    qs = item_type_refs_mark(qs, user=user)
    if status:
        qs = qs.filter(status=status)
    if capability_area:
        qs = qs.filter(capability_area=capability_area)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(description__icontains=search)
        )
    return qs.order_by("priority", "needed_by", "reference")


def requirement_get(*, user: Reader, pk: int) -> Requirement:
    item = requirement_list(user=user).filter(pk=pk).first()
    if item is None:
        raise NotFound(pk)
    return item


def _family(pk: int) -> AmmunitionFamily:
    family = ammunition_family_list().filter(pk=pk).first()
    if family is None:
        raise NotFound(pk)
    return family


def requirement_input_resolve(*, user: Reader, data: dict[str, Any]) -> dict[str, Any]:
    """The input of a write with its ids replaced by the records; one the user may not see is a field error."""
    resolved = dict(data)
    if "item_type" in data:
        pk = data["item_type"]
        resolved["item_type"] = optional_ref(
            "item_type", pk, lambda: item_type_get(user=user, pk=pk)
        )
    if "ammunition_family" in data:
        family_pk = data["ammunition_family"]
        resolved["ammunition_family"] = optional_ref(
            "ammunition_family", family_pk, lambda: _family(family_pk)
        )
    return resolved


@dataclass(frozen=True)
class RequirementFormChoices:
    item_types: QuerySet[ItemType]
    families: QuerySet[AmmunitionFamily]


def requirement_form_choices(*, user: Reader) -> RequirementFormChoices:
    return RequirementFormChoices(
        item_types=item_type_visible(user=user).order_by("name"),
        families=ammunition_family_list(),
    )


@dataclass(frozen=True)
class RequirementEditPage:
    requirement: Requirement
    may_edit: bool
    choices: RequirementFormChoices


def requirement_edit_get(*, user: Reader, pk: int) -> RequirementEditPage:
    requirement = requirement_get(user=user, pk=pk)
    return RequirementEditPage(
        requirement=requirement,
        may_edit=rules.may_edit(user, requirement),
        choices=requirement_form_choices(user=user),
    )
