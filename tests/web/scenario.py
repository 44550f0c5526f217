"""A small, realistic picture for the pages: Kiel aid, heavy weapons, a German profile, requirements, pledges, flows.

Shared by the page tests (tests/web) and the browser test (tests/browser).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.flows.models import Flow
from nsatu.flows.services import flow_create
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import DefenceSpending, GdpFigure, Membership
from nsatu.pledges.models import Pledge, PledgeStatus, ReportedAid, ReportedHeavyWeapons
from nsatu.sources.models import Dataset, ImportIssue

BN = Decimal(1_000_000_000)


@dataclass
class WebData:
    kiel: Dataset
    howitzer: ItemType
    shell: ItemType
    published: Requirement
    submitted: Requirement
    draft: Requirement
    german_pledge: Pledge
    german_secret: Pledge
    polish_pledge: Pledge
    norwegian_pledge: Pledge
    fund_flow: Flow
    purchase_flow: Flow
    delivery_flow: Flow
    german_flow: Flow


def _requirement(ref: str, status: str, parties, **kw) -> Requirement:
    defaults = {"title": f"Requirement {ref}", "capability_area": CapabilityArea.ARTILLERY,
                "quantity": Decimal(100), "priority": 2, "owner": parties["UKR"],
                "releasability": Releasability.PARTICIPANTS}
    return Requirement.objects.create(reference=ref, status=status, **(defaults | kw))


def build_web_data(parties, coordinator) -> WebData:
    kiel = Dataset.objects.create(
        key="kiel-ust-r29", title="Kiel Institute Ukraine Support Tracker, release 29",
        publisher="Kiel Institute for the World Economy",
        citation="Trebesch et al., Ukraine Support Tracker, Kiel Institute for the World Economy",
        licence="cite the source", origin_url="https://github.com/UkraineSupportTrackerWebsite/ukraine-support-tracker",
        file_path="kiel/ust_r29_data_explorer.csv", rows_read=1079, records_imported=1079,
        imported_at=dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC),
    )
    ImportIssue.objects.create(dataset=kiel, row=17, column="military", reason="negative value kept as reported")
    ImportIssue.objects.create(dataset=kiel, row=342, column="supplier", reason="delivery to Russia, skipped",
                               severity=ImportIssue.Severity.SKIPPED)
    for code, rows in {
        "DEU": [(2022, 3, "1.2", "0.1", "0.05"), (2023, 1, "2.5", "0.4", "0.1"), (2024, 6, "3.1", "0.2", "0.3")],
        "USA": [(2022, 3, "10.5", "5.0", "1.0"), (2023, 1, "20.25", "8.5", "0.5")],
        "POL": [(2022, 3, "2.0", "0.0", "0.9")],
    }.items():
        for n, (year, month, mil, fin, hum) in enumerate(rows, start=1):
            mil_d, fin_d, hum_d = (Decimal(v) * BN for v in (mil, fin, hum))
            ReportedAid.objects.create(
                donor=parties[code], year=year, month=month, military_eur=mil_d, financial_eur=fin_d,
                humanitarian_eur=hum_d, total_eur=mil_d + fin_d + hum_d, commitments_eur=mil_d,
                to_be_allocated_eur=Decimal(0), dataset=kiel, source_row=n,
            )
    for code, category, number, value in [("DEU", "Howitzers", 30, "450000000"), ("DEU", "Air defence", 8, None),
                                          ("USA", "Howitzers", 198, "1500000000"), ("POL", "Tanks", 324, None)]:
        ReportedHeavyWeapons.objects.create(donor=parties[code], category=category, number=number,
                                            value_eur=Decimal(value) if value else None,
                                            weapons_list=f"{category} ({number})", dataset=kiel, source_row=1)

    for group in ("NATO", "EU", "G7", "UDCG"):
        Membership.objects.create(party=parties["DEU"], group=group)
    Membership.objects.create(party=parties["POL"], group="NATO")
    wb = Dataset.objects.create(key="worldbank-gdp", title="World Bank GDP, current USD")
    nato = Dataset.objects.create(key="nato-defexp-2024", title="Defence Expenditure of NATO Countries")
    GdpFigure.objects.create(party=parties["DEU"], year=2022, usd=Decimal("4163596357879.39"), dataset=wb)
    GdpFigure.objects.create(party=parties["DEU"], year=2023, usd=Decimal("4525703903627.53"), dataset=wb)
    DefenceSpending.objects.create(party=parties["DEU"], year=2023, pct_gdp=1.5229, dataset=nato)
    DefenceSpending.objects.create(party=parties["DEU"], year=2024, pct_gdp=2.1177, is_estimate=True, dataset=nato)

    nato_155 = AmmunitionFamily.objects.create(name="155 mm NATO", calibre_mm=Decimal(155), standard=Standard.NATO)
    howitzer = ItemType.objects.create(name="M777 howitzer", category="Howitzer", standard=Standard.NATO,
                                       capability_area=CapabilityArea.ARTILLERY, calibre_mm=Decimal(155),
                                       nsn="1025014123456", releasability=Releasability.PUBLIC)
    howitzer.ammunition_families.add(nato_155)
    pzh = ItemType.objects.create(name="PzH 2000", category="Howitzer", standard=Standard.NATO,
                                  capability_area=CapabilityArea.ARTILLERY, releasability=Releasability.PUBLIC)
    pzh.ammunition_families.add(nato_155)
    howitzer.substitutes.add(pzh)
    shell = ItemType.objects.create(name="155 mm HE shell", category="Ammunition", standard=Standard.NATO,
                                    capability_area=CapabilityArea.ARTILLERY, provides_family=nato_155,
                                    releasability=Releasability.PUBLIC)

    published = _requirement("UA-2025-0001", RequirementStatus.PUBLISHED, parties, title="155 mm shells",
                             item_type=shell, quantity=Decimal(200000), unit="rounds", priority=1,
                             needed_by=dt.date(2026, 12, 31), illustrative=True,
                             releasability=Releasability.PUBLIC)
    submitted = _requirement("UA-2025-0002", RequirementStatus.SUBMITTED, parties, title="Towed howitzers",
                             item_type=howitzer, quantity=Decimal(24))
    draft = _requirement("UA-2025-0003", RequirementStatus.DRAFT, parties, title="Demining kits",
                         capability_area=CapabilityArea.DEMINING, description="Manual demining kits")
    published_air = _requirement("UA-2025-0004", RequirementStatus.PUBLISHED, parties, title="Air defence launchers",
                                 capability_area=CapabilityArea.AIR_DEFENCE, quantity=Decimal(10), priority=1)

    german_pledge = Pledge.objects.create(
        donor=parties["DEU"], recipient=parties["UKR"], owner=parties["DEU"], item_type=shell, quantity=50000,
        status=PledgeStatus.COMMITTED, requirement=published, announced_on=dt.date(2025, 3, 1),
        value_eur=Decimal("150000000.00"), releasability=Releasability.PARTICIPANTS,
        source_url="https://www.bundesregierung.de/example",
    )
    german_pledge.tranches.create(available_from=dt.date(2025, 6, 1), quantity=20000)
    german_secret = Pledge.objects.create(
        donor=parties["DEU"], recipient=parties["UKR"], owner=parties["DEU"], description="Classified package",
        quantity=3, status=PledgeStatus.ANNOUNCED, releasability=Releasability.OWNER,
    )
    polish_pledge = Pledge.objects.create(
        donor=parties["POL"], recipient=parties["UKR"], owner=parties["POL"], item_type=shell, quantity=30000,
        status=PledgeStatus.ANNOUNCED, requirement=published, releasability=Releasability.PARTICIPANTS,
    )
    norwegian_pledge = Pledge.objects.create(
        donor=parties["NOR"], recipient=parties["UKR"], owner=parties["NOR"], kind="funds",
        amount=Decimal("5000000000"), currency="NOK", status=PledgeStatus.DELIVERED, requirement=published_air,
        releasability=Releasability.PUBLIC, dataset=kiel, source_row=412,
    )

    fund_flow = flow_create(actor=coordinator, source=parties["NOR"], destination=parties["PURL"],
                            date=dt.date(2025, 9, 1), amount=Decimal(100_000_000), currency="EUR",
                            description="Norway pays into PURL")
    purchase_flow = flow_create(actor=coordinator, source=parties["PURL"], destination=parties["USA"],
                                parent=fund_flow, date=dt.date(2025, 10, 1), amount=Decimal(80_000_000),
                                currency="EUR", description="PURL buys Patriot interceptors")
    delivery_flow = flow_create(actor=coordinator, source=parties["USA"], destination=parties["UKR"],
                                parent=purchase_flow, date=dt.date(2025, 11, 1), amount=Decimal(80_000_000),
                                currency="EUR", description="Interceptors delivered")
    german_flow = flow_create(actor=coordinator, source=parties["DEU"], destination=parties["UKR"],
                              date=dt.date(2024, 5, 15), amount=Decimal(50_000_000), currency="USD",
                              description="Funds for ammunition")
    return WebData(kiel, howitzer, shell, published, submitted, draft, german_pledge, german_secret, polish_pledge,
                   norwegian_pledge, fund_flow, purchase_flow, delivery_flow, german_flow)
