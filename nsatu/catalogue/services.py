from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.rules import (
    RELATION_FIELDS,
    SCALAR_FIELDS,
    check_may_edit_catalogue,
    check_may_set_reference_figures,
)
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check, visible_q
from nsatu.engine.nsn import NsnError, parse_nsn


def _normalise_nsn(nsn: str) -> str:
    if not nsn:
        return ""
    try:
        return str(parse_nsn(nsn))
    except NsnError as exc:
        raise ValidationError({"nsn": [str(exc)]}) from exc


def _set_relations(
    *,
    actor: Actor,
    item: ItemType,
    ammunition_families: Iterable[AmmunitionFamily] | None,
    substitutes: Iterable[ItemType] | None,
) -> None:
    before = {
        "ammunition_families": sorted(f.pk for f in item.ammunition_families.all()),
        "substitutes": sorted(s.pk for s in item.substitutes.all()),
    }
    if ammunition_families is not None:
        item.ammunition_families.set(list(ammunition_families))
    if substitutes is not None:
        subs = list(substitutes)
        if any(s.pk == item.pk for s in subs):
            raise ValidationError(
                {"substitutes": [_("An item type cannot substitute for itself.")]}
            )
        # An editor replaces only the substitutes it can see; links to item types hidden from it stay.
        hidden = item.substitutes.exclude(visible_q(actor))
        item.substitutes.set([*subs, *hidden])
    after = {
        "ammunition_families": sorted(f.pk for f in item.ammunition_families.all()),
        "substitutes": sorted(s.pk for s in item.substitutes.all()),
    }
    if after != before:
        audit_event_record(
            actor=actor, action="item_type.relations", obj=item, before=before, after=after
        )


@transaction.atomic
def item_type_create(
    *,
    actor: Actor,
    name: str,
    category: str = "",
    capability_area: str = "other",
    standard: str = "",
    nsn: str = "",
    calibre_mm: Decimal | None = None,
    unit_value_eur: Decimal | None = None,
    unit_value_source: str = "",
    unit_mass_t: Decimal | None = None,
    unit_mass_source: str = "",
    crew_per_unit: int | None = None,
    ammunition_families: Iterable[AmmunitionFamily] | None = None,
    provides_family: AmmunitionFamily | None = None,
    substitutes: Iterable[ItemType] | None = None,
    notes: str = "",
    releasability: str = Releasability.PUBLIC,
) -> ItemType:
    check_may_edit_catalogue(actor)
    releasability_check(
        actor=actor, owner=actor.party, owner_id=actor.party_id, releasability=releasability
    )
    if ItemType.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError(
            {"name": [_("The catalogue already has an item type named %(n)s.") % {"n": name}]}
        )
    item = ItemType(
        name=name.strip(),
        category=category,
        capability_area=capability_area,
        standard=standard,
        nsn=_normalise_nsn(nsn),
        calibre_mm=calibre_mm,
        unit_value_eur=unit_value_eur,
        unit_value_source=unit_value_source,
        unit_mass_t=unit_mass_t,
        unit_mass_source=unit_mass_source,
        crew_per_unit=crew_per_unit,
        provides_family=provides_family,
        notes=notes,
        owner_id=actor.party_id,
        releasability=releasability,
    )
    item = record_create(actor=actor, obj=item, action="item_type.create")
    _set_relations(
        actor=actor, item=item, ammunition_families=ammunition_families, substitutes=substitutes
    )
    return item


@transaction.atomic
def item_type_update(
    *, actor: Actor, item_type: ItemType, expected_version: int | None, changes: dict[str, Any]
) -> ItemType:
    check_may_edit_catalogue(actor)
    unknown = set(changes) - set(SCALAR_FIELDS) - set(RELATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    scalar = {k: v for k, v in changes.items() if k in SCALAR_FIELDS}
    if "nsn" in scalar:
        scalar["nsn"] = _normalise_nsn(scalar["nsn"])
    item = record_update(
        actor=actor,
        obj=item_type,
        changes=scalar,
        expected_version=expected_version,
        action="item_type.update",
    )
    _set_relations(
        actor=actor,
        item=item,
        ammunition_families=changes.get("ammunition_families"),
        substitutes=changes.get("substitutes"),
    )
    return item


@dataclass(frozen=True)
class ReferenceFigures:
    """An item type's unit value and unit mass, each with where it comes from; None is unknown, never 0."""

    unit_value_eur: Decimal | None
    unit_value_source: str
    unit_mass_t: Decimal | None
    unit_mass_source: str

    @classmethod
    def of(cls, item: ItemType) -> ReferenceFigures:
        return cls(
            item.unit_value_eur, item.unit_value_source, item.unit_mass_t, item.unit_mass_source
        )


def _check_sourced(figures: ReferenceFigures) -> None:
    errors: dict[str, list[str]] = {}
    for figure, figure_field, source, source_field in (
        (figures.unit_value_eur, "unit_value_eur", figures.unit_value_source, "unit_value_source"),
        (figures.unit_mass_t, "unit_mass_t", figures.unit_mass_source, "unit_mass_source"),
    ):
        if figure is not None and figure <= 0:
            errors[figure_field] = [
                _("A unit figure must be above zero; leave it empty when no source gives it.")
            ]
        if figure is not None and not source:
            errors[source_field] = [_("A figure needs the address of its source.")]
        if figure is None and source:
            errors[source_field] = [_("A source without its figure: give both or neither.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_type_reference_figures_set(
    *, actor: Actor | None, item_type: ItemType, figures: ReferenceFigures
) -> bool:
    """Set an item type's unit value and mass with their sources; True when anything changed.

    `actor` None is the system (an import run from the console). Unchanged figures leave no new version and
    no audit event, so a re-import reports nothing changed.
    """
    check_may_set_reference_figures(actor)
    _check_sourced(figures)
    if ReferenceFigures.of(item_type) == figures:
        return False
    record_update(
        actor=actor,
        obj=item_type,
        changes={
            "unit_value_eur": figures.unit_value_eur,
            "unit_value_source": figures.unit_value_source,
            "unit_mass_t": figures.unit_mass_t,
            "unit_mass_source": figures.unit_mass_source,
        },
        expected_version=None,
        action="item_type.reference_figures",
    )
    return True
