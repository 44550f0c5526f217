"""API callers with Bearer tokens issued to the named people, and a small world of records to read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from nsatu.accounts.models import User
from nsatu.accounts.services import api_token_issue
from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.flows.models import Flow, FlowKind
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import DefenceSpending, GdpFigure, Membership, Party
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, Tranche
from nsatu.sources.models import Dataset


@dataclass
class Response:
    status: int
    body: Any
    headers: Any


class ApiCaller:
    """One person calling /api/ with a Bearer token, as a script or another system would."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _wrap(self, response: Any) -> Response:
        content_type = response.headers.get("Content-Type", "")
        body = json.loads(response.content) if "json" in content_type and response.content else response.content
        return Response(response.status_code, body, response.headers)

    def get(self, path: str, **params: Any) -> Response:
        return self._wrap(self.client.get(path, params, headers=self._headers()))

    def post(self, path: str, data: Any) -> Response:
        return self._wrap(self.client.post(path, json.dumps(data), content_type="application/json",
                                           headers=self._headers()))

    def patch(self, path: str, data: Any) -> Response:
        return self._wrap(self.client.patch(path, json.dumps(data), content_type="application/json",
                                            headers=self._headers()))


@pytest.fixture
def tokens(people) -> dict[str, str]:
    return {username: api_token_issue(actor=user, name="tests")[1] for username, user in people.items()}


@pytest.fixture
def api(tokens, people):
    """api(user) gives that person's caller; api(None) an anonymous one."""

    def caller(user: User | None) -> ApiCaller:
        return ApiCaller(tokens[user.username] if user is not None else None)

    return caller


@dataclass
class World:
    kiel: Dataset
    m777: ItemType
    fh70: ItemType
    shell: ItemType
    de_prototype: ItemType
    requirement: Requirement
    draft: Requirement
    pledge_de_owner: Pledge
    pledge_de: Pledge
    pledge_pl: Pledge
    pledge_no_command: Pledge
    flow_de: Flow
    flow_de_child: Flow
    flow_no_owner: Flow
    flow_no_child: Flow


@pytest.fixture
def world(parties: dict[str, Party], planner) -> World:
    kiel = Dataset.objects.create(key="kiel-ust-r29", title="Kiel Institute Ukraine Support Tracker, release 29")
    worldbank = Dataset.objects.create(key="worldbank-gdp", title="World Bank GDP, current USD")
    nato = Dataset.objects.create(key="nato-defexp-2024", title="Defence Expenditure of NATO Countries (2014-2024)")
    deu = parties["DEU"]
    Membership.objects.create(party=deu, group="NATO", since=1955)
    Membership.objects.create(party=deu, group="EU", since=1958)
    Membership.objects.create(party=parties["POL"], group="NATO", since=1999)
    Membership.objects.create(party=parties["UKR"], group="UDCG", since=2022)
    GdpFigure.objects.create(party=deu, year=2023, usd=Decimal("4456081016705.96"), dataset=worldbank)
    GdpFigure.objects.create(party=deu, year=2022, usd=Decimal("4082469490797.68"), dataset=worldbank)
    DefenceSpending.objects.create(party=deu, year=2022, pct_gdp=1.5055, is_estimate=False, dataset=nato)
    DefenceSpending.objects.create(party=deu, year=2023, pct_gdp=1.6404, is_estimate=True, dataset=nato)

    nato155 = AmmunitionFamily.objects.create(name="155mm NATO", calibre_mm=Decimal("155"), standard=Standard.NATO)
    AmmunitionFamily.objects.create(name="152mm Soviet", calibre_mm=Decimal("152"), standard=Standard.SOVIET)
    public = Releasability.PUBLIC
    m777 = ItemType.objects.create(name="M777", category="howitzer_towed", capability_area=CapabilityArea.ARTILLERY,
                                   standard=Standard.NATO, calibre_mm=Decimal("155"), origin_country="USA",
                                   nsn="1025-01-000-0001", releasability=public)
    m777.ammunition_families.add(nato155)
    fh70 = ItemType.objects.create(name="FH70", category="howitzer_towed", capability_area=CapabilityArea.ARTILLERY,
                                   standard=Standard.NATO, calibre_mm=Decimal("155"), origin_country="DEU",
                                   releasability=public)
    fh70.ammunition_families.add(nato155)
    shell = ItemType.objects.create(name="155mm artillery shell", category="ammunition",
                                    capability_area=CapabilityArea.ARTILLERY, standard=Standard.NATO,
                                    provides_family=nato155, releasability=public)
    de_prototype = ItemType.objects.create(name="Bundeswehr trial howitzer", category="howitzer_wheeled",
                                           capability_area=CapabilityArea.ARTILLERY, standard=Standard.NATO,
                                           owner=deu, releasability=Releasability.OWNER)
    m777.substitutes.add(fh70, de_prototype)

    ukr = parties["UKR"]
    requirement = Requirement.objects.create(
        reference="UA-2026-ART001", title="Towed 155mm howitzers", capability_area=CapabilityArea.ARTILLERY,
        item_type=m777, quantity=Decimal("10"), priority=1, status=RequirementStatus.PUBLISHED, owner=ukr,
        releasability=Releasability.PARTICIPANTS,
    )
    draft = Requirement.objects.create(
        reference="UA-2026-AD0002", title="Short-range air defence for energy sites",
        capability_area=CapabilityArea.AIR_DEFENCE, quantity=Decimal("6"), priority=2,
        status=RequirementStatus.DRAFT, owner=ukr, releasability=Releasability.OWNER,
    )

    def pledge(donor: str, **fields: Any) -> Pledge:
        party = parties[donor]
        return Pledge.objects.create(donor=party, owner=party, recipient=ukr, **fields)

    pledge_de_owner = pledge("DEU", item_type=m777, quantity=4, status=PledgeStatus.COMMITTED,
                             requirement=requirement, releasability=Releasability.OWNER,
                             description="M777 from German stocks (confidential)")
    pledge_de = pledge("DEU", item_type=fh70, quantity=3, status=PledgeStatus.ANNOUNCED, requirement=requirement,
                       releasability=Releasability.PARTICIPANTS, description="FH70 howitzers", dataset=kiel,
                       announced_on=dt.date(2025, 2, 14))
    Tranche.objects.create(pledge=pledge_de, available_from=dt.date(2026, 9, 1), quantity=2)
    pledge_pl = pledge("POL", kind=PledgeKind.FUNDS, amount=Decimal("1000000.50"), currency="EUR",
                       value_eur=Decimal("1000000.50"), status=PledgeStatus.COMMITTED,
                       releasability=Releasability.PARTICIPANTS, description="Contribution to PURL")
    pledge_no_command = pledge("NOR", kind=PledgeKind.FUNDS, amount=Decimal("146000000"), currency="USD",
                               status=PledgeStatus.ANNOUNCED, releasability=Releasability.COMMAND,
                               description="NASAMS support")

    def flow(source: str, destination: str, amount: str, **fields: Any) -> Flow:
        return Flow.objects.create(source=parties[source], destination=parties[destination], owner=parties[source],
                                   kind=FlowKind.MONEY, amount=Decimal(amount), currency="EUR",
                                   amount_eur=Decimal(amount), date=dt.date(2025, 8, 5), **fields)

    flow_de = flow("DEU", "PURL", "500000000.00", releasability=Releasability.PARTICIPANTS)
    flow_de_child = flow("PURL", "UKR", "300000000.00", parent=flow_de, releasability=Releasability.PARTICIPANTS)
    flow_no_owner = flow("NOR", "PURL", "90000000.00", releasability=Releasability.OWNER)
    flow_no_child = flow("PURL", "UKR", "90000000.00", parent=flow_no_owner, releasability=Releasability.PARTICIPANTS,
                         pledge=pledge_no_command)
    return World(kiel, m777, fh70, shell, de_prototype, requirement, draft, pledge_de_owner, pledge_de, pledge_pl,
                 pledge_no_command, flow_de, flow_de_child, flow_no_owner, flow_no_child)
