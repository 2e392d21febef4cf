import datetime as dt

import pytest

from core.calendar import add_business_days, is_business_day, public_holidays


def test_it_skips_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_business_days(friday, 1, "DE") == dt.date(2026, 11, 23)  # Monday


def test_it_counts_ten_business_days_over_two_weekends():
    monday = dt.date(2026, 11, 9)
    assert add_business_days(monday, 10, "DE") == dt.date(2026, 11, 23)


def test_it_skips_christmas_and_boxing_day_in_germany():
    # 24 Dec 2026 is a Thursday; 25 and 26 Dec are public holidays in Germany.
    assert add_business_days(dt.date(2026, 12, 23), 2, "DE") == dt.date(2026, 12, 28)


def test_it_uses_the_country_calendar():
    # 1 May (Labour Day) is a holiday in France but not in the United Kingdom.
    assert not is_business_day(dt.date(2026, 5, 1), "FR")
    assert is_business_day(dt.date(2026, 5, 1), "GB")


def test_it_crosses_the_new_year_with_holidays_of_both_years():
    # 31 Dec 2026 (Thursday) → 1 Jan 2027 is a holiday → Monday 4 Jan.
    assert add_business_days(dt.date(2026, 12, 31), 1, "IE") == dt.date(2027, 1, 4)


def test_it_falls_back_to_weekends_for_a_country_without_a_calendar():
    # Bouvet Island has no public-holiday calendar: only weekends are skipped.
    assert public_holidays("BV", 2026) == frozenset()
    assert add_business_days(dt.date(2026, 12, 24), 1, "BV") == dt.date(2026, 12, 25)


def test_it_refuses_negative_days():
    with pytest.raises(ValueError):
        add_business_days(dt.date(2026, 1, 1), -1, "DE")


def test_zero_days_is_the_start_date():
    assert add_business_days(dt.date(2026, 3, 3), 0, "DE") == dt.date(2026, 3, 3)
