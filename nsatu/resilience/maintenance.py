"""Maintenance (spare-part) families: catalogue types that share a chassis, a gun or a main assembly.

The catalogue records ammunition families but not maintenance lineage, so it is listed here, each family with
the reference table's own note it rests on (data/reference/equipment_types.csv, `notes`). A type not listed is
a maintenance family of its own.
"""

from __future__ import annotations

MAINTENANCE_FAMILIES: dict[str, tuple[tuple[str, ...], str]] = {
    "M109 family": (
        ("M109 (A1/A3/A4/A5 variants)", "M109A6 Paladin"),
        "M109A6 Paladin: 'M284 howitzer' on the M109 chassis (the M109 variants row)",
    ),
    "PzH 2000 artillery module": (
        ("PzH 2000", "RCH 155"),
        "RCH 155: 'PzH 2000 artillery module on Boxer'",
    ),
    "Leopard 2": (
        ("Leopard 2A4", "Leopard 2A6"),
        "Leopard 2A6: 'A6 upgrade replaces L44 with 55-cal 120mm'",
    ),
    "T-72 family": (
        ("T-72 (T-72M1/T-72A/T-72B)", "PT-91 Twardy"),
        "PT-91: 'Polish T-72M1 upgrade'",
    ),
    "Light Gun": (
        ("L118 Light Gun", "L119 / M119 Light Gun"),
        "L119: the Light Gun with the 105mm NATO barrel; M119 = US licence-built L119",
    ),
}

FAMILY_OF: dict[str, str] = {
    name: family for family, (names, _why) in MAINTENANCE_FAMILIES.items() for name in names
}
