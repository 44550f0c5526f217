"""A small hand-made catalogue: two 155mm types of one maintenance family, a 152mm type, a munition, a 105mm
newcomer and an air-defence system."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nsatu.engine.interop.fleet import Item

A, B, C, D, E, P = 1, 2, 3, 4, 5, 6


@pytest.fixture
def items() -> dict[int, Item]:
    art = "artillery"
    return {
        i.id: i
        for i in [
            Item(
                A,
                "M109A5",
                art,
                Decimal(155),
                ("155mm NATO",),
                maintenance="M109 family",
                substitutes=(B,),
            ),
            Item(
                B,
                "M109A6 Paladin",
                art,
                Decimal(155),
                ("155mm NATO",),
                maintenance="M109 family",
                substitutes=(A,),
            ),
            Item(C, "2S3 Akatsiya", art, Decimal(152), ("152mm Soviet",)),
            Item(D, "155mm shell", art, Decimal(155), (), munition=True),
            Item(E, "L119", art, Decimal(105), ("105mm NATO",)),
            Item(P, "NASAMS", "air_defence", None, ("AIM-120 AMRAAM",)),
        ]
    }
