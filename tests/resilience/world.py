"""A small world for the resilience tests and the browser test: registers that report the same howitzers, open
pledges with tranches, one German owner-only pledge, and requirements.

    M777 (155mm NATO), substitute FH70; PzH 2000 (155mm NATO); L119 (105mm NATO); 155mm shell (munition).
    Fielded (fleet): USA M777 10 (SIPRI row 1; Oryx row 1 says 12 and Kiel row 1 says 15, neither counted);
                     POL PzH 2000 4 (Oryx only); DEU FH70 2 (SIPRI).
    Open, participants: USA M777 6 in one tranche available the as-of month, 1 month transit;
                        POL PzH 2000 3, no tranche; NOR L119 4 (announced).
    Open, owner-only:   DEU M777 5, no tranche (only Germany sees it).
    Requirements (published, participants): ART-1 M777 x 20 priority 1; ART-2 PzH 2000 x 10 priority 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from nsatu.sources.models import Dataset

AS_OF = dt.date(2026, 11, 22)


@dataclass
class Small:
    m777: ItemType
    fh70: ItemType
    pzh: ItemType
    l119: ItemType
    shell: ItemType
    art1: Requirement
    art2: Requirement
    usa_open: Pledge
    deu_secret: Pledge
    nor_announced: Pledge


def build_small(parties) -> Small:
    public = Releasability.PUBLIC
    nato155 = AmmunitionFamily.objects.create(
        name="155mm NATO", calibre_mm=Decimal(155), standard=Standard.NATO
    )
    nato105 = AmmunitionFamily.objects.create(
        name="105mm NATO", calibre_mm=Decimal(105), standard=Standard.NATO
    )

    def item(
        name: str, family: AmmunitionFamily | None, calibre: int, category: str = "howitzer"
    ) -> ItemType:
        it = ItemType.objects.create(
            name=name,
            category=category,
            capability_area=CapabilityArea.ARTILLERY,
            standard=Standard.NATO,
            calibre_mm=Decimal(calibre),
            releasability=public,
            provides_family=family if category == "ammunition" else None,
        )
        if family is not None and category != "ammunition":
            it.ammunition_families.add(family)
        return it

    m777, fh70, pzh = (
        item("M777", nato155, 155),
        item("FH70", nato155, 155),
        item("PzH 2000", nato155, 155),
    )
    l119, shell = item("L119", nato105, 105), item("155mm shell", nato155, 155, "ammunition")
    m777.substitutes.add(fh70)
    sipri, oryx, kiel = (
        Dataset.objects.create(key=k, title=k) for k in ("sipri", "oryx", "kiel-weapons")
    )
    ukr = parties["UKR"]

    def pledge(donor: str, it: ItemType, quantity: int, **kw) -> Pledge:
        fields = {
            "releasability": Releasability.PARTICIPANTS,
            "status": PledgeStatus.COMMITTED,
        } | kw
        return Pledge.objects.create(
            donor=parties[donor],
            owner=parties[donor],
            recipient=ukr,
            item_type=it,
            quantity=quantity,
            **fields,
        )

    pledge(
        "USA",
        m777,
        10,
        delivered_quantity=10,
        status=PledgeStatus.DELIVERED,
        dataset=sipri,
        source_row=1,
        releasability=public,
        year=2022,
    )
    pledge(
        "USA",
        m777,
        12,
        status=PledgeStatus.DELIVERED,
        dataset=oryx,
        source_row=1,
        releasability=public,
    )
    pledge("USA", m777, 15, dataset=kiel, source_row=1, releasability=public)
    pledge(
        "POL",
        pzh,
        4,
        status=PledgeStatus.DELIVERED,
        dataset=oryx,
        source_row=2,
        releasability=public,
    )
    pledge(
        "DEU",
        fh70,
        2,
        delivered_quantity=2,
        status=PledgeStatus.DELIVERED,
        dataset=sipri,
        source_row=2,
        releasability=public,
        year=2023,
    )
    usa_open = pledge("USA", m777, 6)
    Tranche.objects.create(
        pledge=usa_open, available_from=dt.date(2026, 11, 1), quantity=6, transit_months=1
    )
    pledge("POL", pzh, 3)
    nor = pledge("NOR", l119, 4, status=PledgeStatus.ANNOUNCED)
    secret = pledge("DEU", m777, 5, releasability=Releasability.OWNER)

    def requirement(ref: str, it: ItemType, quantity: int, priority: int) -> Requirement:
        return Requirement.objects.create(
            reference=ref,
            title=f"Need {it.name}",
            item_type=it,
            capability_area=CapabilityArea.ARTILLERY,
            quantity=Decimal(quantity),
            priority=priority,
            status=RequirementStatus.PUBLISHED,
            owner=ukr,
            releasability=Releasability.PARTICIPANTS,
        )

    return Small(
        m777,
        fh70,
        pzh,
        l119,
        shell,
        requirement("ART-1", m777, 20, 1),
        requirement("ART-2", pzh, 10, 2),
        usa_open,
        secret,
        nor,
    )
