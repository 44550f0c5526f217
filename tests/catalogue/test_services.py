from decimal import Decimal

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.catalogue.services import (
    ReferenceFigures,
    item_type_create,
    item_type_reference_figures_set,
    item_type_update,
)
from nsatu.core.errors import PermissionDenied, ValidationError


def test_coordinator_adds_an_item_type_with_family_substitute_and_nsn(coordinator):
    family = AmmunitionFamily.objects.create(name="155mm NATO", calibre_mm=155, standard="NATO")
    m777 = item_type_create(
        actor=coordinator,
        name="M777",
        capability_area="artillery",
        standard="NATO",
        ammunition_families=[family],
    )
    fh70 = item_type_create(
        actor=coordinator,
        name="FH70",
        capability_area="artillery",
        standard="NATO",
        nsn="1025 12 345 6789",
        ammunition_families=[family],
        substitutes=[m777],
    )
    assert fh70.nsn == "1025-12-345-6789"
    assert list(m777.substitutes.all()) == [fh70]  # substitution is mutual
    fh70 = item_type_update(
        actor=coordinator, item_type=fh70, expected_version=1, changes={"crew_per_unit": 8}
    )
    assert fh70.crew_per_unit == 8


def test_a_bad_nsn_names_the_field(coordinator):
    with pytest.raises(ValidationError) as err:
        item_type_create(actor=coordinator, name="Odd", nsn="12-34")
    assert "nsn" in err.value.message_dict


def test_a_liaison_cannot_edit_the_catalogue(liaison_pl):
    with pytest.raises(PermissionDenied):
        item_type_create(actor=liaison_pl, name="Krab")


def _howitzer(coordinator):
    return item_type_create(actor=coordinator, name="M777", capability_area="artillery")


def test_reference_figures_carry_their_sources_and_are_never_zero(coordinator):
    item = _howitzer(coordinator)
    for figures, field in [
        (ReferenceFigures(Decimal("4778746.50"), "", None, ""), "unit_value_source"),
        (
            ReferenceFigures(None, "kiel/ust_r29_weapons.csv lines 2, 6", None, ""),
            "unit_value_source",
        ),
        (ReferenceFigures(None, "", Decimal("0"), "https://example.org/m777"), "unit_mass_t"),
        (ReferenceFigures(None, "", Decimal("4.2"), ""), "unit_mass_source"),
    ]:
        with pytest.raises(ValidationError) as err:
            item_type_reference_figures_set(actor=coordinator, item_type=item, figures=figures)
        assert field in err.value.message_dict, figures
    item.refresh_from_db()
    assert (item.unit_value_eur, item.unit_mass_t, item.version) == (None, None, 1)


def test_reference_figures_are_written_once_with_an_event(coordinator):
    item = _howitzer(coordinator)
    figures = ReferenceFigures(
        Decimal("4778746.50"),
        "kiel/ust_r29_weapons.csv lines 2, 6",
        Decimal("4.2"),
        "https://www.army-technology.com/news/news53633-html/",
    )
    assert item_type_reference_figures_set(actor=coordinator, item_type=item, figures=figures)
    item.refresh_from_db()
    assert ReferenceFigures.of(item) == figures and item.version == 2
    event = AuditEvent.objects.get(action="item_type.reference_figures")
    assert (event.actor, event.after["unit_value_source"]) == (
        coordinator,
        figures.unit_value_source,
    )
    # The same figures again: no new version, no second event.
    assert not item_type_reference_figures_set(actor=None, item_type=item, figures=figures)
    item.refresh_from_db()
    assert item.version == 2
    assert AuditEvent.objects.filter(action="item_type.reference_figures").count() == 1


def test_a_liaison_cannot_set_reference_figures(coordinator, liaison_pl):
    item = _howitzer(coordinator)
    with pytest.raises(PermissionDenied):
        item_type_reference_figures_set(
            actor=liaison_pl,
            item_type=item,
            figures=ReferenceFigures(Decimal("1"), "https://example.org/x", None, ""),
        )
    assert ItemType.objects.get(pk=item.pk).unit_value_eur is None
