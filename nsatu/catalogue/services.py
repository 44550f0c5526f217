from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.rules import RELATION_FIELDS, SCALAR_FIELDS, check_may_edit_catalogue
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
    unit_mass_t: Decimal | None = None,
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
        unit_mass_t=unit_mass_t,
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
