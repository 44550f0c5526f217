import datetime as dt
from decimal import Decimal

import pytest

from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.flows.selectors import flow_totals_visible
from nsatu.flows.services import flow_create


def test_chain_through_purl_counts_each_euro_once(coordinator, parties):
    nor = flow_create(
        actor=coordinator,
        source=parties["NOR"],
        destination=parties["PURL"],
        amount=Decimal(100_000_000),
        currency="EUR",
        date=dt.date(2025, 8, 5),
    )
    buy = flow_create(
        actor=coordinator,
        source=parties["PURL"],
        destination=parties["USA"],
        parent=nor,
        amount=Decimal(80_000_000),
        currency="EUR",
        date=dt.date(2025, 9, 1),
    )
    flow_create(
        actor=coordinator,
        source=parties["USA"],
        destination=parties["UKR"],
        parent=buy,
        kind="material",
        amount=Decimal(80_000_000),
        currency="EUR",
        date=dt.date(2025, 10, 1),
    )
    totals = flow_totals_visible(user=coordinator)
    assert totals.total == Decimal(100_000_000)
    assert totals.by_donor == {"NOR": Decimal(100_000_000)}
    assert totals.by_recipient == {"PURL": Decimal(20_000_000), "UKR": Decimal(80_000_000)}


def test_usd_is_converted_at_the_dated_ecb_rate(coordinator, parties):
    flow = flow_create(
        actor=coordinator,
        source=parties["DEU"],
        destination=parties["PURL"],
        amount=Decimal(500_000_000),
        currency="USD",
        date=dt.date(2025, 8, 13),
    )
    assert flow.eur_rate_date == dt.date(2025, 8, 13)
    assert flow.eur_rate > 1  # USD per EUR was above 1 throughout 2025
    assert flow.amount_eur == (Decimal(500_000_000) / flow.eur_rate).quantize(Decimal("0.01"))


def test_child_must_start_where_parent_ends_and_not_pass_on_more(coordinator, parties):
    root = flow_create(
        actor=coordinator,
        source=parties["NOR"],
        destination=parties["PURL"],
        amount=Decimal(10),
        currency="EUR",
        date=dt.date(2025, 8, 5),
    )
    with pytest.raises(ValidationError, match="starts where its parent ends"):
        flow_create(
            actor=coordinator,
            source=parties["DEU"],
            destination=parties["UKR"],
            parent=root,
            amount=Decimal(5),
            currency="EUR",
            date=dt.date(2025, 8, 5),
        )
    with pytest.raises(ValidationError, match="more than"):
        flow_create(
            actor=coordinator,
            source=parties["PURL"],
            destination=parties["UKR"],
            parent=root,
            amount=Decimal(11),
            currency="EUR",
            date=dt.date(2025, 8, 5),
        )


def test_liaison_records_only_own_flows(liaison_pl, parties):
    with pytest.raises(PermissionDenied):
        flow_create(
            actor=liaison_pl,
            source=parties["DEU"],
            destination=parties["UKR"],
            amount=Decimal(1),
            currency="EUR",
            date=dt.date(2025, 1, 2),
        )
