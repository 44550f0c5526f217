"""A small scenario: Germany's agreement with an amount commitment, Norway's with a GDP-share commitment,
Poland's owner-only agreement, pledges to link, and the Kiel GDP figures the shares rest on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from nsatu.agreements.models import Agreement, AgreementStatus, Commitment
from nsatu.core.models import Releasability
from nsatu.exchange.registry import IMPORTERS
from nsatu.exchange.services import dataset_import
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, ReportedAid
from nsatu.sources.models import Dataset

BN = Decimal(1_000_000_000)


@dataclass
class Scene:
    de: Agreement
    no: Agreement
    pl_secret: Agreement
    pledge_de: Pledge
    pledge_de_announced: Pledge
    pledge_de_owner: Pledge
    pledge_pl: Pledge
    pledge_no: Pledge


def _agreement(parties, code: str, signed: dt.date | None, **fields) -> Agreement:
    a = Agreement.objects.create(
        title=f"Ukraine – {parties[code].name}",
        owner=parties[code],
        signed_on=signed,
        status=AgreementStatus.SIGNED,
        duration_years=10,
        source_url="https://example.org/agreement",
        **fields,
    )
    a.parties.set([parties[code], parties["UKR"]])
    return a


@pytest.fixture
def scene(parties, people) -> Scene:
    return build_scene(parties)


def build_scene(parties) -> Scene:
    kiel = Dataset.objects.create(key="kiel-aid", title="Kiel")
    for code, gdp in (("DEU", Decimal("4000") * BN), ("NOR", Decimal("400") * BN)):
        ReportedAid.objects.create(
            donor=parties[code],
            year=2025,
            month=1,
            total_eur=0,
            financial_eur=0,
            humanitarian_eur=0,
            military_eur=0,
            commitments_eur=0,
            to_be_allocated_eur=0,
            gdp_eur=gdp,
            pct_gdp=0.0,
            dataset=kiel,
            source_row=2,
        )
    de = _agreement(parties, "DEU", dt.date(2024, 2, 16), releasability=Releasability.PUBLIC)
    Commitment.objects.create(agreement=de, year=2025, amount=BN, currency="EUR", amount_eur=BN)
    no = _agreement(parties, "NOR", dt.date(2024, 5, 31), releasability=Releasability.PUBLIC)
    Commitment.objects.create(agreement=no, year=2025, gdp_share_pct=Decimal("0.25"))
    pl_secret = _agreement(parties, "POL", dt.date(2024, 7, 8), releasability=Releasability.OWNER)
    ukr = parties["UKR"]

    def pledge(code: str, **fields) -> Pledge:
        return Pledge.objects.create(
            donor=parties[code],
            owner=parties[code],
            recipient=ukr,
            kind=PledgeKind.FUNDS,
            currency="EUR",
            announced_on=dt.date(2025, 3, 1),
            **fields,
        )

    return Scene(
        de=de,
        no=no,
        pl_secret=pl_secret,
        pledge_de=pledge(
            "DEU",
            amount=Decimal("600000000"),
            status=PledgeStatus.DELIVERED,
            releasability=Releasability.PARTICIPANTS,
            description="Air defence, delivered",
        ),
        pledge_de_announced=pledge(
            "DEU",
            amount=Decimal("900000000"),
            status=PledgeStatus.ANNOUNCED,
            releasability=Releasability.PARTICIPANTS,
            description="Announced package",
        ),
        pledge_de_owner=pledge(
            "DEU",
            amount=Decimal("100000000"),
            status=PledgeStatus.DELIVERED,
            releasability=Releasability.OWNER,
            description="Confidential",
        ),
        pledge_pl=pledge(
            "POL",
            amount=Decimal("5000000"),
            status=PledgeStatus.DELIVERED,
            releasability=Releasability.PARTICIPANTS,
            description="Polish package",
        ),
        pledge_no=pledge(
            "NOR",
            amount=Decimal("1200000000"),
            status=PledgeStatus.DELIVERED,
            releasability=Releasability.PUBLIC,
            description="Norwegian package",
        ),
    )


@pytest.fixture
def data_dir() -> Path:
    return Path(settings.DATA_DIR)


@pytest.fixture
def run_import(db, data_dir):
    def run(kind: str, path: Path | None = None):
        return dataset_import(
            actor=None,
            kind=kind,
            path=path or data_dir / IMPORTERS[kind].default_path,
            data_dir=data_dir,
        )

    return run
