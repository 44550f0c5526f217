import datetime as dt
from decimal import Decimal as D

from nsatu.engine.units import (
    Period,
    Stated,
    UnitKind,
    add_months,
    horizon_end,
    horizon_quantity,
    months_begun,
    whole_units,
    years_elapsed,
)

START = dt.date(2026, 12, 7)


def test_a_total_is_the_quantity_whatever_the_horizon():
    stated = Stated(D(300), UnitKind.ITEMS)
    assert horizon_quantity(stated, start=START, end=dt.date(2028, 12, 7)) == D(300)
    assert horizon_quantity(stated, start=START, end=START) == D(300)


def test_a_daily_rate_times_days():
    stated = Stated(D(6000), UnitKind.ROUNDS, Period.DAY)
    assert horizon_quantity(stated, start=START, end=dt.date(2027, 1, 6)) == D(6000 * 30)
    assert horizon_quantity(stated, start=START, end=START) == D(6000)  # at least one day


def test_a_monthly_rate_counts_every_begun_month():
    stated = Stated(D(1000), UnitKind.ROUNDS, Period.MONTH)
    assert horizon_quantity(stated, start=START, end=dt.date(2027, 12, 7)) == D(12000)
    assert horizon_quantity(stated, start=START, end=dt.date(2027, 12, 8)) == D(13000)
    assert horizon_quantity(stated, start=START, end=dt.date(2026, 12, 20)) == D(1000)


def test_a_yearly_rate_counts_whole_years_then_prorates_the_leftover_days():
    stated = Stated(D(100), UnitKind.ITEMS, Period.YEAR)
    assert horizon_quantity(stated, start=START, end=dt.date(2028, 12, 7)) == D(200)
    # 60 of the 365 days of the year from 7 December 2026: 16.4, rounded up
    assert horizon_quantity(stated, start=START, end=dt.date(2027, 2, 5)) == D(17)


def test_a_year_with_29_february_is_one_year_not_366_365ths():
    stated = Stated(D(365), UnitKind.ROUNDS, Period.YEAR)
    start = dt.date(2027, 3, 1)
    # 1 March 2027 to 1 March 2028 spans 29 February: 366 days, exactly one year
    assert horizon_quantity(stated, start=start, end=dt.date(2028, 3, 1)) == D(365)
    # one year and 183 of the 365 days of the next year
    assert years_elapsed(start, dt.date(2028, 8, 31)) == 1 + D(183) / D(365)


def test_a_period_ending_on_or_before_its_start_counts_exactly_one_period():
    for period in (Period.DAY, Period.MONTH, Period.YEAR):
        stated = Stated(D(7), UnitKind.ROUNDS, period)
        assert horizon_quantity(stated, start=START, end=START) == D(7), period
        assert horizon_quantity(stated, start=START, end=dt.date(2026, 1, 1)) == D(7), period


def test_months_begun():
    assert months_begun(dt.date(2026, 1, 31), dt.date(2026, 2, 1)) == 1
    assert months_begun(dt.date(2026, 1, 15), dt.date(2026, 3, 15)) == 2
    assert months_begun(dt.date(2026, 1, 15), dt.date(2026, 3, 16)) == 3
    assert months_begun(dt.date(2026, 1, 15), dt.date(2026, 1, 15)) == 1


def test_whole_units_round_up():
    assert whole_units(D("16.01")) == 17
    assert whole_units(D(16)) == 16


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2026, 12, 7), 24) == dt.date(2028, 12, 7)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_horizon_end_of_a_late_requirement_is_the_start():
    horizon = dt.date(2028, 12, 7)
    assert horizon_end(start=START, needed_by=None, horizon=horizon) == horizon
    assert horizon_end(start=START, needed_by=dt.date(2027, 3, 1), horizon=horizon) == dt.date(
        2027, 3, 1
    )
    assert horizon_end(start=START, needed_by=dt.date(2024, 3, 1), horizon=horizon) == START


def test_a_rate_counts_no_further_than_the_horizon():
    # aid after the horizon is not counted, so neither is need: the rate stops at the horizon
    horizon = dt.date(2028, 12, 7)
    late = dt.date(2030, 6, 1)
    assert horizon_end(start=START, needed_by=late, horizon=horizon) == horizon
    stated = Stated(D(10), UnitKind.ROUNDS, Period.MONTH)
    end = horizon_end(start=START, needed_by=late, horizon=horizon)
    assert horizon_quantity(stated, start=START, end=end) == D(240)
