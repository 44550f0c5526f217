"""The named demo people: one per role, plus liaisons of three donor nations. Tests use the same people."""

from __future__ import annotations

from dataclasses import dataclass

from nsatu.parties.models import COMMAND_CODE


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    party_code: str | None
    in_demo: bool = True


DEMO_PEOPLE = [
    DemoPerson("coord.ribeiro", "Ana", "Ribeiro", "coordinator", COMMAND_CODE),
    DemoPerson("liaison.de.weber", "Jonas", "Weber", "donor_liaison", "DEU"),
    DemoPerson("liaison.pl.nowak", "Katarzyna", "Nowak", "donor_liaison", "POL"),
    DemoPerson("liaison.no.hansen", "Ingrid", "Hansen", "donor_liaison", "NOR", in_demo=False),
    DemoPerson("planner.ua.kovalenko", "Olena", "Kovalenko", "recipient_planner", "UKR"),
    DemoPerson("analyst.lindqvist", "Erik", "Lindqvist", "analyst", None),
    DemoPerson("auditor.dubois", "Claire", "Dubois", "auditor", None),
]
