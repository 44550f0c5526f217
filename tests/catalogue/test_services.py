import pytest

from nsatu.catalogue.models import AmmunitionFamily
from nsatu.catalogue.services import item_type_create, item_type_update
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
