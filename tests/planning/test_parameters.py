"""Run parameters: defaults filled in; refusals by name are checked through the service in test_services."""

from __future__ import annotations

import datetime as dt

from nsatu.planning.parameters import run_parameters_clean


def test_the_start_month_defaults_to_this_month():
    assert run_parameters_clean({}, today=dt.date(2027, 5, 9))["start"] == "2027-05"
