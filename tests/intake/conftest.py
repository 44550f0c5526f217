"""Fixtures of the intake tests: a small catalogue, the donors the texts name, and a German statement."""

from __future__ import annotations

import pytest
from django.db import transaction

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.intake.selectors import item_matcher
from nsatu.intake.services import document_ingest
from nsatu.parties.models import Party, PartyKind

GERMAN_STATEMENT = """Germany pledges new air defence for Ukraine
2024-06-04

Germany will deliver a third Patriot system to Ukraine, Defence Minister Boris Pistorius said on Tuesday.

Germany also pledged €500 million for artillery ammunition under the European Peace Facility, bringing its total military aid this year to €7 billion.

Poland, for its part, pledged $300 million in May.

Another partner, which asked not to be named, will provide a further $100 million to Ukraine.
"""  # noqa: E501


def make_donors(parties: dict[str, Party]) -> dict[str, Party]:
    extra = [
        ("GBR", "United Kingdom"),
        ("FRA", "France"),
        ("NLD", "Netherlands"),
        ("RUS", "Russia"),
    ]
    for code, name in extra:
        parties[code] = Party.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": PartyKind.NATION,
                "releasability": Releasability.PUBLIC,
            },
        )[0]
    parties["EU"] = Party.objects.get_or_create(
        code="EU",
        defaults={
            "name": "European Union",
            "kind": PartyKind.ORGANISATION,
            "releasability": Releasability.PUBLIC,
        },
    )[0]
    return parties


def make_catalogue() -> dict[str, ItemType]:
    rows = [
        (
            "Patriot (MIM-104)",
            CapabilityArea.AIR_DEFENCE,
            ["Patriot air defense battery", "Patriot"],
        ),
        ("CAESAR", CapabilityArea.ARTILLERY, ["CAESAR 155mm"]),
        ("NASAMS", CapabilityArea.AIR_DEFENCE, []),
        ("MIM-23 HAWK", CapabilityArea.AIR_DEFENCE, []),
    ]
    return {
        name: ItemType.objects.create(
            name=name, capability_area=area, aliases=aliases, releasability=Releasability.PUBLIC
        )
        for name, area, aliases in rows
    }


@pytest.fixture
def donors(parties) -> dict[str, Party]:
    return make_donors(parties)


@pytest.fixture
def catalogue(db) -> dict[str, ItemType]:
    return make_catalogue()


@pytest.fixture
def ingest(donors, catalogue):
    def run(actor, data: bytes | str = GERMAN_STATEMENT, name: str = "statement.txt", **kwargs):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with transaction.atomic():
            return document_ingest(
                actor=actor, name=name, data=raw, matcher=item_matcher(user=actor), **kwargs
            )

    return run


@pytest.fixture
def german(ingest, coordinator):
    """The German statement as stored by the coordinator, with its claims by what they are about."""
    stored = ingest(coordinator)
    by_evidence = {c.evidence: c for c in stored.claims}
    return stored.document, by_evidence
