from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record
from nsatu.engine.nsn import NsnError, parse_nsn


class CapabilityArea(models.TextChoices):
    AIR_DEFENCE = "air_defence", _("Air defence")
    ARTILLERY = "artillery", _("Artillery")
    ARMOUR = "armour", _("Armour")
    AIR_FORCE = "air_force", _("Air force")
    MARITIME = "maritime", _("Maritime")
    DRONES = "drones", _("Drones")
    DEMINING = "demining", _("Demining")
    IT = "it", _("IT")
    LONG_RANGE = "long_range", _("Long-range strike")
    LOGISTICS = "logistics", _("Logistics")
    MEDICAL = "medical", _("Medical")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Standard(models.TextChoices):
    NATO = "NATO", _("NATO")
    SOVIET = "Soviet", _("Soviet")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Unknown")


class ItemCategory(models.TextChoices):
    """The categories of data/reference/equipment_types.csv. `ItemType.category` keeps any text (importers
    store the source's own word, e.g. Kiel's "Air Defense"): these codes read as their labels, other text as
    written."""

    MBT = "mbt", _("Main battle tank")
    IFV = "ifv", _("Infantry fighting vehicle")
    APC = "apc", _("Armoured personnel carrier")
    HOWITZER_SP = "howitzer_sp", _("Self-propelled howitzer")
    HOWITZER_TOWED = "howitzer_towed", _("Towed howitzer")
    MLRS = "mlrs", _("Multiple launch rocket system")
    SAM_SYSTEM = "sam_system", _("Surface-to-air missile system")
    SPAAG = "spaag", _("Self-propelled anti-aircraft gun")
    MISSILE = "missile", _("Missile")
    DRONE = "drone", _("Drone")
    RADAR = "radar", _("Radar")
    AIRCRAFT = "aircraft", _("Aircraft")
    OTHER = "other", _("Other")


def category_label(value: str) -> str:
    """What a reader sees for a stored category: the label of a reference code, else the text as stored."""
    return str(ItemCategory(value).label) if value in ItemCategory.values else value


def validate_nsn(value: str) -> None:
    try:
        parse_nsn(value)
    except NsnError as exc:
        raise ValidationError(str(exc), code="nsn") from exc


class AmmunitionFamily(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    calibre_mm = models.DecimalField(
        _("calibre (mm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    standard = models.CharField(_("standard"), max_length=8, choices=Standard.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("ammunition families")

    def __str__(self) -> str:
        return self.name


class ItemType(Record):
    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=64, blank=True)
    capability_area = models.CharField(
        _("capability area"),
        max_length=16,
        choices=CapabilityArea.choices,
        default=CapabilityArea.OTHER,
    )
    standard = models.CharField(_("standard"), max_length=8, choices=Standard.choices, blank=True)
    calibre_mm = models.DecimalField(
        _("calibre (mm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    ammunition_families = models.ManyToManyField(
        AmmunitionFamily,
        blank=True,
        related_name="item_types",
        verbose_name=_("ammunition families consumed"),
    )
    provides_family = models.ForeignKey(
        AmmunitionFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ammunition_items",
        verbose_name=_("ammunition family provided"),
        help_text=_("Set when this item is itself ammunition."),
    )
    nsn = models.CharField(
        _("NATO Stock Number"), max_length=17, blank=True, validators=[validate_nsn]
    )
    unit_value_eur = models.DecimalField(
        _("reference unit value (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    unit_mass_t = models.DecimalField(
        _("unit mass (t)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    unit_value_source = models.CharField(
        _("unit value source"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Where the unit value comes from: an address, or the Kiel row it is derived from."
        ),
    )
    unit_mass_source = models.URLField(_("unit mass source"), max_length=1000, blank=True)
    crew_per_unit = models.PositiveSmallIntegerField(_("crew per unit"), null=True, blank=True)
    origin_country = models.CharField(_("origin"), max_length=3, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    substitutes = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("substitutes")
    )

    class Meta:
        ordering = ["capability_area", "name"]

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    def __str__(self) -> str:
        return self.name
