"""Matching the equipment names of Kiel, SIPRI and Oryx to one catalogue item type.

A name is compared by its *key*: case, accents, punctuation and spaces removed ("Leopard-2A4" and
"Leopard 2A4" are the same key), then again with calibre tokens ("155mm") and generic words ("howitzer",
"air defence system", "battery") removed. The catalogue's own names and its aliases are keyed the same way.
Aliases for the reference equipment types are listed below, spelled as the sources spell them; the
equipment importer stores them in ItemType.aliases so that the catalogue shows them too.

Munitions never match launchers/platforms and vice versa: SIPRI's "IRIS-T SLM" (a SAM, i.e. the missile)
must not be counted as IRIS-T SLM fire units.

When nothing matches, an importer creates a new item type with the source's category and a capability
area from `capability_area_for` (rules below, first match wins; name before category because Oryx's
categories are sometimes wrong, e.g. radars filed under "Cargo Drones"); its standard stays unknown.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.engine.designations import fold, is_munition, name_keys
from nsatu.sources.models import Dataset

KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "M777": ("M777 howitzer", "UFH/M-777 155mm", "UFH/M-777", "155mm M777", "M-777"),
    "FH70": ("FH70 155mm howitzer", "FH-70 155mm", "155mm FH-70"),
    "TRF1": ("TRF1 howitzer", "TR-F-1 155mm", "TR-F-1", "155mm TRF1s*"),
    "L119 / M119 Light Gun": ("L119 105mm howitzer", "L119", "M119", "105mm M119"),
    "L118 Light Gun": ("L-118 105mm", "L118"),
    "M101A1": ("M101 105mm howitzer", "M-101A1 105mm", "105mm M101", "M101"),
    "OTO Melara Mod 56": (
        "OTO Melara Mod 56 Towed Howitzer 105/14",
        "Model-56 105mm",
        "105mm OTO Melara Mod 56",
    ),
    "D-30": ("D-30 howitzer", "D-30 122mm", "122mm D-30"),
    "2A36 Giatsint-B": ("2A36 Giatsint-B 152mm", "152mm 152 K89s (2A36 Giatsint-Bs)"),
    "M-46": ("M-46 130mm", "130mm M-46", "130mm 130 K54s (M-46s)"),
    "PzH 2000": ("Panzerhaubitze 2000", "PzH-2000 155mm", "155mm PzH 2000"),
    "CAESAR": ("CAESAR artillery howitzer", "CAESAR 155mm", "155mm Caesar 6x6", "155mm Caesar 8x8"),
    "AS-90": ("AS-90 howitzer", "AS-90B Mallet 155mm", "155mm AS-90"),
    "AHS Krab": ("AHS Krab self-propelled howitzer", "Krab 155mm", "155mm AHS Krab", "Krab"),
    "Archer (FH77 BW L52)": (
        "Archer self-propelled artillery system",
        "Archer 155mm",
        "155mm Archer Artillery System",
        "Archer",
    ),
    "M109A6 Paladin": ("M-109A6 155mm Paladin", "155mm M109A6"),
    "M109 (A1/A3/A4/A5 variants)": (
        "M109 155mm howitzer",
        "M109 A3GM 155mm howitzer",
        "M-109A1 155mm",
        "M-109A5 155mm",
        "155mm M109A3GN",
        "155mm M109A4BE",
        "155mm M109A5",
        "155mm M109L",
        "M109",
    ),
    "Zuzana 2": ("Zusana-2 howitzer", "Zuzana-2", "155mm ShKH Zuzana 2s*"),
    "RCH 155": ("RCH-155 self propelled howitzer", "RCH-155", "155mm RCH-155s*"),
    "DANA (vz.77)": ("Dana Howitzer", "DANA 152mm", "DANA"),
    "2S1 Gvozdika": (
        "2S1 122mm",
        "122mm 2S1 Gvozdika",
        "122mm 2S1 Goździk",
        "122mm 122 PSH 74s (2S1 Gvozdikas)",
    ),
    "M142 HIMARS": ("HIMARS 142 multiple rocket launcher", "HIMARS", "227mm HIMARS"),
    "M270 MLRS": (
        "M270 weapon system",
        "M270 weapon system (Norway)",
        "Mars II",
        "M-270 MLRS 227mm",
        "227mm M270 MARS MLRS",
        "227mm M270A1 MLRS-I",
        "227mm M270B1 MLRS",
        "227mm LRU MLRS",
    ),
    "BM-21 Grad": ("BM-21 Grad 122mm", "122mm BM-21 Grad"),
    "RM-70": (
        "RM-70 multiple rocket launcher",
        "RM-70 122mm",
        "RM-70 Vampire 122mm",
        "122mm RM-70",
        "122mm RM-70 Vampir",
    ),
    "Patriot (MIM-104)": (
        "Patriot air defense battery",
        "Patriot Configuration-3",
        "Patriot Battery",
        "Patriot",
    ),
    "IRIS-T SLM": ("Iris-T SLM air defence system", "IRIS-T SLM System", "IRIS-T SL"),
    "NASAMS": (
        "National Advanced Surface-to-Air Missile System (NASAMS)",
        "NASAMS-2",
        "NASAMS Battery",
        "NASAMS batteries",
    ),
    "SAMP/T (Mamba)": ("SAMP/T anti-air missile defense system", "SAMP/T", "SAMP/T Battery"),
    "MIM-23 HAWK": ("HAWK air defense system", "I-HAWK", "MIM-23 Hawk Phase I/III (21) Battery"),
    "Aspide / Spada (Skyguard)": (
        "Aspide battery",
        "Spada",
        "Spada-2000",
        "Spada 2000 Battery",
        "SkyGuard Aspide",
    ),
    "Crotale NG": ("Crotale air-defense system", "Crotale-NG", "Crotale NG batteries"),
    "S-300PMU": ("S-300 air defence system", "S-300PMU Battery"),
    "2K12 Kub (Kvadrat)": ("2K12 KUB", "Kvadrat", "2K12M2 Kub-M2", "2K12M2 Kub-M2s batteries"),
    "Stinger (FIM-92)": ("Stinger", "FIM-92 Stinger"),
    "Leopard 1A5": ("Leopard-1A5", "Leopard 1A5BE"),
    "M1A1 Abrams": ("M-1A1 Abrams",),
    "T-72 (T-72M1/T-72A/T-72B)": (
        "Modified T-72 tank (T-72A/T-72M1/M1R)",
        "overhauled T-72",
        "T-72",
        "T-72M1",
        "T-72B",
        "T-72A",
        "T-72EA",
        "T-72M(R)s and T-72M1(R)",
    ),
    "PT-91 Twardy": ("PT-91M", "PT-91"),
    "M2 Bradley": (
        "Bradley infantry fighting vehicle",
        "Bradley",
        "M-2A3 Bradley",
        "M2A2 ODS Bradley",
    ),
    "Marder 1A3": ("infantry fighting vehicle MARDER", "Marder"),
    "CV90 (CV9040C)": ("CV90 combat vehicle", "CV90", "CV9040C"),
    "BMP-1": ("BMP-1A1", "BVP-1", "BWP-1", "BVP-1 infantry fighting vehicle"),
    "Stryker (M1126 ICV)": ("Stryker",),
    "M113": ("M-113A3", "M113AS4", "M113G3DK/G4DK"),
    "AMX-10 RC": ("AMX-10 RC(R)",),
    "F-16 (AM/BM, C/D)": ("F-16", "F-16C", "F-16A/B", "F-16AM/BM"),
    "MiG-29": ("MiG-29S", "MiG-29AS'/UBS'", "MiG-29As/UB"),
    "Storm Shadow / SCALP-EG": (
        "Storm Shadow Cruise Missile",
        "SCALP EG Cruise Missile",
        "Storm Shadow",
    ),
    "ATACMS": ("ATACMS Block-1", "ATACMS Block-1A"),
    "Harpoon Block II": ("Harpoon Block-2",),
    "AN/TPQ-36 Firefinder": ("TPQ-36 Firefinder", "AN/TPQ-36 Firefinder Weapons Locating Radar"),
    "COBRA": ("Cobra Counter-Battery Radar System",),
}

# (pattern, area): first match on the name, then on the category. Kiel's categories are "Air Defense",
# "Howitzers", "IFV", "MLRS" and "Tanks"; SIPRI's and Oryx's are free text ("self-propelled gun", "APC",
# "Surface-To-Air Missile Systems"). MLRS count as artillery here; the reference table puts HIMARS and M270
# under long-range strike, and those two are matched, not created.
AREA_RULES: list[tuple[str, str]] = [
    (
        r"mine[- ]?(?:clear|detect|hunter)|demining|mine clearance|minehunter",
        CapabilityArea.DEMINING,
    ),
    (r"electronic warfare|jamming|\bew\b", CapabilityArea.OTHER),
    (
        r"\bsams?\b|air[- ]defen|anti[- ]air|anti[- ]aircraft|surface[- ]to[- ]air|\babm\b|air search|"
        r"air surveillance|counter[- ]unmanned|anti[- ]drone|spaag",
        CapabilityArea.AIR_DEFENCE,
    ),
    (r"\buavs?\b|drone|loitering|unmanned|quadcopter", CapabilityArea.DRONES),
    (
        r"ship|boat|frigate|\bmcm\b|coastal|shore|naval|vessel|riverine|corvette",
        CapabilityArea.MARITIME,
    ),
    (
        r"aircraft|helicopter|air[- ]to[- ]air|\baam\b|fighter|\bfga\b|anti[- ]radar|glide bomb|guided bomb|"
        r"air[- ]to[- ]ground",
        CapabilityArea.AIR_FORCE,
    ),
    (
        r"surface[- ]to[- ]surface|\bcruise\b|air[- ]to[- ]surface|land[- ]attack|guided rocket|ballistic",
        CapabilityArea.LONG_RANGE,
    ),
    (
        r"howitzer|artillery|\bguns?\b|mortar|rocket launcher|\bmlrs\b|\bmrl\b|guided shell|locating radar|"
        r"counter[- ]battery|counter[- ]mortar|weapons locating",
        CapabilityArea.ARTILLERY,
    ),
    (
        r"tank|\bapcs?\b|armou?red|infantry fighting|\bifvs?\b|\bmrap\b|infantry mobility|anti[- ]tank|recovery|"
        r"bridg|engineer|reconnaissance vehicle|\bafv\b|personnel carrier",
        CapabilityArea.ARMOUR,
    ),
    (r"truck|logistics|supply|transport|engine|ambulance|wrecker", CapabilityArea.LOGISTICS),
    (r"medical", CapabilityArea.MEDICAL),
    (
        r"radar",
        CapabilityArea.OTHER,
    ),  # radars not caught above (ground surveillance, multi-mission)
]


def capability_area_for(name: str, category: str) -> str:
    for text in (name, category):
        folded = fold(text)
        for pattern, area in AREA_RULES:
            if re.search(pattern, folded):
                return str(area)
    return str(CapabilityArea.OTHER)


class ItemMatcher:
    """The catalogue keyed by name and aliases; creates an item type on a miss (and remembers it)."""

    def __init__(self) -> None:
        self._index: dict[str, list[ItemType]] = defaultdict(list)
        self._names: set[str] = set()
        self.created: list[ItemType] = []
        for item in ItemType.objects.all():
            self._add(item)

    def _add(self, item: ItemType) -> None:
        self._names.add(item.name)
        for text in (item.name, *(item.aliases or [])):
            for key in name_keys(str(text)):
                if item not in self._index[key]:
                    self._index[key].append(item)

    def match(self, name: str, category: str = "") -> ItemType | None:
        munition = is_munition(category) if category else None
        for key in name_keys(name):
            for item in self._index.get(key, []):
                if munition is None or is_munition(item.category) == munition:
                    return item
        return None

    def rename(self, item: ItemType, name: str) -> None:
        """Give an item type the name its source really spells; the old name's keys still find it."""
        old = item.name
        item.name = name
        item.notes = item.notes.replace(old, name)
        item.version += 1
        item.updated_at = timezone.now()
        item.save(update_fields=["name", "notes", "version", "updated_at"])
        self._names.discard(old)
        self._add(item)

    def get_or_create(
        self, name: str, category: str, *, dataset: Dataset, source_row: int, source_url: str = ""
    ) -> ItemType:
        found = self.match(name, category)
        if found is not None:
            return found
        clean = " ".join(name.replace("*", " ").strip(" '\"").split())[:150]
        aliases: list[str] = []
        if clean in self._names:
            # Same name as a platform/munition of the other kind (e.g. SIPRI's IRIS-T SLM missiles); the source's
            # spelling stays an alias so that the next import finds this item again.
            aliases = [name]
            base, n = f"{clean} ({category})"[:190], 1
            clean = base
            while clean in self._names:
                n += 1
                clean = f"{base} {n}"
        item = ItemType.objects.create(
            name=clean,
            category=category[:64],
            capability_area=capability_area_for(name, category),
            dataset=dataset,
            source_row=source_row,
            source_url=source_url[:1000],
            releasability=Releasability.PUBLIC,
            aliases=aliases,
            notes=_("Created by the %(dataset)s import: no catalogue entry matched %(name)r.")
            % {"dataset": dataset.key, "name": name},
        )
        self.created.append(item)
        self._add(item)
        return item
