"""The EUR value of a flow at the ECB rate of its date (the rates themselves are tested in tests/engine)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.core.errors import ValidationError
from nsatu.flows.valuation import flow_valuation

NOTHING = {"amount_eur": None, "eur_rate": None, "eur_rate_date": None}


def test_no_amount_currency_or_date_gives_no_value():
    assert flow_valuation(amount=None, currency="EUR", on=dt.date(2025, 1, 2)) == NOTHING
    assert flow_valuation(amount=Decimal(5), currency="", on=dt.date(2025, 1, 2)) == NOTHING
    assert flow_valuation(amount=Decimal(5), currency="EUR", on=None) == NOTHING


def test_euros_keep_their_amount_and_an_unknown_currency_names_the_field():
    value = flow_valuation(amount=Decimal(5), currency="EUR", on=dt.date(2025, 1, 2))
    assert value["amount_eur"] == Decimal(5)
    with pytest.raises(ValidationError) as refused:
        flow_valuation(amount=Decimal(5), currency="XQZ", on=dt.date(2025, 1, 2))
    assert "currency" in refused.value.message_dict
