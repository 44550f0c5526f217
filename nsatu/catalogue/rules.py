"""Who may change the catalogue, and which of an item type's fields an edit may touch.

The services enforce these; pages and the API ask them (to offer an edit button, to send back only what
changed)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.core.actors import Actor, Reader, Role, has_role, require_role

# The catalogue is reference data every party plans against: the command keeps it.
EDITORS = (Role.COORDINATOR,)

SCALAR_FIELDS = (
    "name",
    "category",
    "capability_area",
    "standard",
    "nsn",
    "calibre_mm",
    "unit_value_eur",
    "unit_value_source",
    "unit_mass_t",
    "unit_mass_source",
    "crew_per_unit",
    "provides_family",
    "notes",
    "releasability",
)
RELATION_FIELDS = ("ammunition_families", "substitutes")


def may_edit_catalogue(actor: Reader) -> bool:
    """Add item types and edit them."""
    return has_role(actor, *EDITORS)


def check_may_edit_catalogue(actor: Reader) -> None:
    """Refuse, saying why, an actor who may not edit the catalogue."""
    require_role(actor, *EDITORS, action=_("edit the catalogue"))


def check_may_set_reference_figures(actor: Actor | None) -> None:
    """Unit values and masses: a catalogue editor, or the system (an import run from the console)."""
    if actor is not None:
        check_may_edit_catalogue(actor)
