"""The named demo people: one per role, plus liaisons of three donor nations. Tests use the same people."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from nsatu.accounts.services import user_upsert
from nsatu.core.actors import Actor
from nsatu.parties.models import COMMAND_CODE, Party


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    party_code: str | None
    in_demo: bool = True

    @property
    def email(self) -> str:
        """An address under the reserved .example domain (RFC 2606): mail to it reaches nobody by mistake."""
        return f"{self.username}@nsatu.example"


DEMO_PEOPLE = [
    DemoPerson("coord.ribeiro", "Ana", "Ribeiro", "coordinator", COMMAND_CODE),
    DemoPerson("liaison.de.weber", "Jonas", "Weber", "donor_liaison", "DEU"),
    DemoPerson("liaison.pl.nowak", "Katarzyna", "Nowak", "donor_liaison", "POL"),
    DemoPerson("liaison.no.hansen", "Ingrid", "Hansen", "donor_liaison", "NOR", in_demo=False),
    DemoPerson("planner.ua.kovalenko", "Olena", "Kovalenko", "recipient_planner", "UKR"),
    DemoPerson("analyst.lindqvist", "Erik", "Lindqvist", "analyst", None),
    DemoPerson("auditor.dubois", "Claire", "Dubois", "auditor", None),
]
# The coordinator who builds the demo's illustrative offers, courses and shipments.
DEMO_COORDINATOR = "coord.ribeiro"


def demo_password(var_dir: Path) -> str:
    """One random password per installation, kept under var/ so that restarts print the same one."""
    path = var_dir / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    var_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def demo_people_create(*, password: str) -> dict[str, Actor]:
    """The people of the demo, created (or their passwords reset) by the system, as an administrator would."""
    people = [p for p in DEMO_PEOPLE if p.in_demo]
    parties = Party.objects.in_bulk(
        [p.party_code for p in people if p.party_code], field_name="code"
    )
    return {
        person.username: user_upsert(
            actor=None,
            username=person.username,
            role=person.role,
            party=parties[person.party_code] if person.party_code else None,
            password=password,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
        )
        for person in people
    }
