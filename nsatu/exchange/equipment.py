"""data/reference/equipment_types.csv -> catalogue item types and ammunition families.

`ammunition_family` may name several families separated by ';' (the F-16: AMRAAM; Sidewinder). An item of
category "missile" *is* a round of its family (provides_family); every other item consumes its families (M2M).
A family's calibre is read from its name ("155mm NATO" -> 155) and its standard is the item's.
Aliases (nsatu.exchange.matching.KNOWN_ALIASES) are stored on the item so that Kiel, SIPRI and Oryx spellings
find it. Run this import before the Kiel, SIPRI and Oryx ones, or those create their own entries.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.exchange.matching import KNOWN_ALIASES
from nsatu.parties.countries import is_country_code

COLUMNS = (
    "name",
    "category",
    "capability_area",
    "calibre_mm",
    "barrel_length_calibres",
    "ammunition_family",
    "standard",
    "origin_country",
    "source_url",
    "notes",
)
MUNITION_CATEGORY = "missile"
_CALIBRE = re.compile(r"^(\d+(?:\.\d+)?)\s*mm\b")


def family_names(cell: str) -> list[str]:
    return [f.strip() for f in cell.split(";") if f.strip()]


def import_equipment(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "equipment"):
        name = row["name"]
        if not name:
            table.problem(row, "name", _("the name is empty"))
        area = table.choice(row, "capability_area", CapabilityArea.values)
        standard = table.choice(row, "standard", Standard.values, required=False)
        calibre = table.decimal(row, "calibre_mm", required=False)
        barrel = table.decimal(row, "barrel_length_calibres", required=False)
        origin = row["origin_country"].upper()
        if origin and not is_country_code(origin):
            table.problem(
                row, "origin_country", _("%(c)r is not an ISO 3166-1 alpha-3 code") % {"c": origin}
            )
        url = table.url(row, "source_url")
        parsed.append((row, name, area, standard, calibre, barrel, origin, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    families: dict[str, AmmunitionFamily] = {f.name: f for f in AmmunitionFamily.objects.all()}
    new_families = []
    for row, *_rest in parsed:
        standard = row["standard"]
        for fam in family_names(row["ammunition_family"]):
            if fam not in families:
                m = _CALIBRE.match(fam)
                families[fam] = AmmunitionFamily(
                    name=fam, calibre_mm=Decimal(m.group(1)) if m else None, standard=standard
                )
                new_families.append(families[fam])
    AmmunitionFamily.objects.bulk_create(new_families)
    ctx.outcome.by_model["catalogue.AmmunitionFamily"] += len(new_families)

    items = []
    consumes: dict[str, list[AmmunitionFamily]] = {}
    for row, name, area, standard, calibre, barrel, origin, url in parsed:
        fams = [families[f] for f in family_names(row["ammunition_family"])]
        munition = row["category"] == MUNITION_CATEGORY
        notes = row["notes"]
        if barrel is not None:
            notes = (_("Barrel length: %(b)s calibres.") % {"b": barrel}) + (
                f" {notes}" if notes else ""
            )
        consumes[name] = [] if munition else fams
        assert area is not None  # checked above: problems were raised
        items.append(
            ItemType(
                name=name,
                category=row["category"],
                capability_area=area,
                standard=standard or "",
                calibre_mm=calibre,
                origin_country=origin,
                provides_family=fams[0] if munition and fams else None,
                aliases=list(KNOWN_ALIASES.get(name, ())),
                notes=notes,
                source_url=url,
                dataset=ctx.dataset,
                source_row=row.line,
                releasability=Releasability.PUBLIC,
            )
        )
    names = [i.name for i in items]
    saved = ctx.sync(
        ItemType,
        existing=ItemType.objects.filter(Q(dataset=ctx.dataset) | Q(name__in=names)),
        new=items,
        key=lambda i: i.name,
        fields=(
            "category",
            "capability_area",
            "standard",
            "calibre_mm",
            "origin_country",
            "provides_family_id",
            "aliases",
            "notes",
            "source_url",
            "dataset_id",
            "source_row",
            "releasability",
        ),
    )
    through = ItemType.ammunition_families.through
    through.objects.filter(itemtype_id__in=[i.pk for i in saved]).delete()
    through.objects.bulk_create(
        [
            through(itemtype_id=item.pk, ammunitionfamily_id=fam.pk)
            for item in saved
            for fam in consumes[item.name]
        ]
    )
