"""Named people and parties shared by all tests (the same people as the demo)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from nsatu.accounts.models import User
from nsatu.core.models import Releasability
from nsatu.demo.people import DEMO_PEOPLE
from nsatu.parties.models import COMMAND_CODE, Party, PartyKind

# Page and API fixtures live in modules of their own, used by tests/<app>/test_views.py and test_api.py alike.
pytest_plugins = ["tests.fixtures.web", "tests.fixtures.api"]

PASSWORD = "correct-horse-battery-staple"

PARTIES = [
    ("UKR", "Ukraine", PartyKind.NATION),
    ("DEU", "Germany", PartyKind.NATION),
    ("POL", "Poland", PartyKind.NATION),
    ("NOR", "Norway", PartyKind.NATION),
    ("USA", "United States", PartyKind.NATION),
    (COMMAND_CODE, "NSATU command", PartyKind.COMMAND),
    ("PURL", "NATO Prioritised Ukraine Requirements List", PartyKind.FUND),
]


@pytest.fixture
def parties(db) -> dict[str, Party]:
    return {
        code: Party.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "releasability": Releasability.PUBLIC}
        )[0]
        for code, name, kind in PARTIES
    }


@pytest.fixture
def people(parties) -> dict[str, User]:
    users = {}
    for person in DEMO_PEOPLE:
        user = User.objects.create_user(
            username=person.username,
            password=PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            role=person.role,
            party=parties[person.party_code] if person.party_code else None,
        )
        users[person.username] = user
    return users


@pytest.fixture
def coordinator(people) -> User:
    return people["coord.ribeiro"]


@pytest.fixture
def liaison_de(people) -> User:
    return people["liaison.de.weber"]


@pytest.fixture
def liaison_pl(people) -> User:
    return people["liaison.pl.nowak"]


@pytest.fixture
def liaison_no(people) -> User:
    return people["liaison.no.hansen"]


@pytest.fixture
def planner(people) -> User:
    return people["planner.ua.kovalenko"]


@pytest.fixture
def analyst(people) -> User:
    return people["analyst.lindqvist"]


@pytest.fixture
def auditor(people) -> User:
    return people["auditor.dubois"]


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A page requested in Ukrainian leaves Ukrainian active in the thread; the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
