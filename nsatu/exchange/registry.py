"""Every import kind: its default file, the attribution its publisher asks for (data/SOURCES.md) and its reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nsatu.exchange.agreements import import_agreements
from nsatu.exchange.coalitions import import_coalitions
from nsatu.exchange.context import ImportContext
from nsatu.exchange.council import import_council, import_roadmap_milestones
from nsatu.exchange.equipment import import_equipment
from nsatu.exchange.frameworks import import_frameworks
from nsatu.exchange.hubs import import_hubs
from nsatu.exchange.item_values import import_item_values
from nsatu.exchange.kiel import import_kiel_aid, import_kiel_weapons
from nsatu.exchange.memberships import import_memberships
from nsatu.exchange.nato import import_nato_defence
from nsatu.exchange.oryx import import_oryx
from nsatu.exchange.production import import_joint_production
from nsatu.exchange.purl import import_purl
from nsatu.exchange.requirements import import_requirements
from nsatu.exchange.sipri import import_sipri
from nsatu.exchange.training import import_training_milestones
from nsatu.exchange.worldbank import import_worldbank_gdp

KIEL_REPO = (
    "https://github.com/UkraineSupportTrackerWebsite/ukraine-support-tracker/blob/"
    "ddf24c0f8f36dbe0ffb85822d5f45a732440a617/data/"
)
KIEL_CITATION = "Trebesch et al., Ukraine Support Tracker, Kiel Institute for the World Economy"
COMPILED_PUBLISHER = "nsatu project, compiled from public pages"
COMPILED_LICENCE = "facts with sources: the source address is on every row"


@dataclass(frozen=True)
class Importer:
    kind: str
    default_path: str  # relative to the data directory
    title: str
    publisher: str
    citation: str
    licence: str
    origin_url: str
    run: Callable[[ImportContext, Path], None]


_ALL = [
    Importer(
        "kiel-aid",
        "kiel/ust_r29_data_explorer.csv",
        "Kiel Institute Ukraine Support Tracker, release 29: aid per donor and month",
        "Kiel Institute for the World Economy",
        KIEL_CITATION,
        "cite as the publisher asks (see citation)",
        KIEL_REPO + "data_explorer.csv",
        import_kiel_aid,
    ),
    Importer(
        "kiel-weapons",
        "kiel/ust_r29_weapons.csv",
        "Kiel Institute Ukraine Support Tracker, release 29: heavy weapons committed per donor and category",
        "Kiel Institute for the World Economy",
        KIEL_CITATION,
        "cite as the publisher asks (see citation)",
        KIEL_REPO + "weapons.csv",
        import_kiel_weapons,
    ),
    Importer(
        "sipri",
        "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv",
        "SIPRI Arms Transfers Database: trade register, recipient Ukraine, orders 2014-2024",
        "Stockholm International Peace Research Institute (SIPRI)",
        "Source: SIPRI Arms Transfers Database (c) SIPRI; export of 13 Mar 2025, rows with recipient Ukraine",
        "non-commercial use with attribution, at most 10 % of the database (this subset is about 1.5 %)",
        "https://github.com/ColasDroin/SIPRI_arms_transfers_analysis/blob/"
        "b34bde378b96bf8450441fd6097d5c19b278b8ca/trade-register.csv",
        import_sipri,
    ),
    Importer(
        "nato-defence",
        "nato/240617-def-exp-2024-TABLES-en.xlsx",
        "Defence Expenditure of NATO Countries (2014-2024), Table 3: defence expenditure as a share of GDP",
        "NATO",
        "NATO, Defence Expenditure of NATO Countries (2014-2024), press release of 17 June 2024",
        "credit NATO; not for sale",
        "https://github.com/jacobvoss/geopolitical-dashboard/blob/a6a6f6ca379a283e9ced303ca79e675e258009d8/data/"
        "240617-def-exp-2024-TABLES-en.xlsx",
        import_nato_defence,
    ),
    Importer(
        "worldbank-gdp",
        "worldbank/worldbank_gdp_current_usd.csv",
        "World Bank: GDP, current US$ (NY.GDP.MKTP.CD), 1960-2023",
        "World Bank",
        "World Bank, World Development Indicators, NY.GDP.MKTP.CD (via datasets/gdp)",
        "ODC-PDDL-1.0 (public domain)",
        "https://github.com/datasets/gdp/blob/822019c80142c162e4ca4eb1a63699ae36075078/data/gdp.csv",
        import_worldbank_gdp,
    ),
    Importer(
        "oryx",
        "oryx/oryx_donated_vehicles_jasonwu00.csv",
        "Oryx: heavy weapons supplied to Ukraine (scrape by JasonWu00)",
        "Oryx; scrape by JasonWu00",
        "Oryx, list of equipment supplied to Ukraine; scraped by JasonWu00/ua-ru-losses-scraper",
        "repository GPL-3.0; data from Oryx (cite Oryx)",
        "https://github.com/JasonWu00/ua-ru-losses-scraper/blob/f6179e6b2a23d2915735a4f2e9853df42cc66fbc/"
        "data_legacy/donated_vehicles.csv",
        import_oryx,
    ),
    Importer(
        "equipment",
        "reference/equipment_types.csv",
        "Weapon and equipment types supplied to or used by Ukraine (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table equipment_types.csv",
        COMPILED_LICENCE,
        "",
        import_equipment,
    ),
    Importer(
        "coalitions",
        "nsatu/capability_coalitions.csv",
        "Capability coalitions of the Ukraine Defense Contact Group and related formats (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu compiled table capability_coalitions.csv (the shared reference table, re-sourced per fact)",
        COMPILED_LICENCE,
        "",
        import_coalitions,
    ),
    Importer(
        "requirements",
        "reference/stated_requirements.csv",
        "Publicly stated Ukrainian requirements, 2022-2026 (compiled reference table; illustrative)",
        COMPILED_PUBLISHER,
        "nsatu reference table stated_requirements.csv",
        COMPILED_LICENCE,
        "",
        import_requirements,
    ),
    Importer(
        "purl",
        "reference/purl_packages.csv",
        "Contributions to NATO's Prioritized Ukraine Requirements List, Aug-Dec 2025 (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table purl_packages.csv",
        COMPILED_LICENCE,
        "",
        import_purl,
    ),
    Importer(
        "agreements",
        "reference/ukraine_bilateral_security_agreements_sourced.csv",
        "Bilateral security agreements with Ukraine: partners, dates, duration, stated funding (compiled reference "
        "table)",
        COMPILED_PUBLISHER,
        "nsatu reference table ukraine_bilateral_security_agreements_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_agreements,
    ),
    Importer(
        "frameworks",
        "reference/multilateral_frameworks_sourced.csv",
        "Multilateral frameworks of support for Ukraine: signatories, dates, burden-sharing rules and the "
        "bilateral agreements concluded under them (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table multilateral_frameworks_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_frameworks,
    ),
    Importer(
        "hubs",
        "reference/logistics_hubs.csv",
        "Logistics hubs and command sites of the assistance to Ukraine (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table logistics_hubs.csv",
        COMPILED_LICENCE,
        "",
        import_hubs,
    ),
    Importer(
        "training-milestones",
        "reference/ukraine_training_abroad_milestones_sourced.csv",
        "Training of Ukrainian personnel abroad: totals reported by Operation Interflex and EUMAM (compiled "
        "reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table ukraine_training_abroad_milestones_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_training_milestones,
    ),
    Importer(
        "memberships",
        "nsatu/memberships.csv",
        "Members of NATO, the EU and the G7 with the year they joined (compiled)",
        COMPILED_PUBLISHER,
        "nsatu compiled table memberships.csv (official member lists)",
        COMPILED_LICENCE,
        "",
        import_memberships,
    ),
    Importer(
        "item-values",
        "nsatu/item_values.csv",
        "Reference unit values (EUR) and unit masses (t) of item types (compiled: Kiel weapons rows and public "
        "pages)",
        COMPILED_PUBLISHER,
        "nsatu compiled table item_values.csv: values derived from the Kiel Ukraine Support Tracker weapons file "
        "(Trebesch et al., Kiel Institute for the World Economy) or public unit costs; masses from published "
        "weights; the source is on every row",
        COMPILED_LICENCE,
        "",
        import_item_values,
    ),
    Importer(
        "joint-production",
        "reference/joint_production_projects_sourced.csv",
        "Joint production projects for Ukraine: partners, status, capacity and funding (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table joint_production_projects_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_joint_production,
    ),
    Importer(
        "council",
        "reference/nato_ukraine_council_sourced.csv",
        "NATO-Ukraine Council: meetings and decisions (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table nato_ukraine_council_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_council,
    ),
    Importer(
        "roadmap-milestones",
        "reference/ukraine_nato_roadmap_milestones_sourced.csv",
        "Ukraine's road to NATO membership: milestones (compiled reference table)",
        COMPILED_PUBLISHER,
        "nsatu reference table ukraine_nato_roadmap_milestones_sourced.csv",
        COMPILED_LICENCE,
        "",
        import_roadmap_milestones,
    ),
]

IMPORTERS: dict[str, Importer] = {i.kind: i for i in _ALL}

# Dependency order: memberships create the nations; equipment must precede the importers that match item
# types; item values follow Kiel, SIPRI and Oryx, which create item types it names; World Bank GDP is kept for
# parties that exist by then; requirements look up equipment types.
DEMO_IMPORTS: list[tuple[str, str]] = [
    (kind, IMPORTERS[kind].default_path)
    for kind in (
        "memberships",
        "council",
        "roadmap-milestones",
        "equipment",
        "kiel-aid",
        "kiel-weapons",
        "sipri",
        "oryx",
        "item-values",
        "joint-production",
        "nato-defence",
        "worldbank-gdp",
        "coalitions",
        "requirements",
        "purl",
        "hubs",
        "agreements",
        "frameworks",
        "training-milestones",
    )
]
