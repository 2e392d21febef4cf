"""Business days: weekends and the public holidays of an organisation's country.

Due dates are computed, not typed (DESIGN principle 5): "10 business days" skips
Saturdays, Sundays and the country's national public holidays.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> frozenset[dt.date]:
    """National public holidays of a country in a year; none when the country is not covered."""
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(calendar.keys())


def is_business_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in public_holidays(country, day.year)


def add_business_days(start: dt.date, days: int, country: str) -> dt.date:
    """The date `days` business days after `start` (start itself never counts)."""
    return _count_business_days(start, days, country, step=1)


def subtract_business_days(end: dt.date, days: int, country: str) -> dt.date:
    """The date `days` business days before `end` (end itself never counts)."""
    return _count_business_days(end, days, country, step=-1)


def _count_business_days(day: dt.date, days: int, country: str, step: int) -> dt.date:
    if days < 0:
        raise ValueError("days must not be negative")
    current = day
    remaining = days
    while remaining:
        current += dt.timedelta(days=step)
        if is_business_day(current, country):
            remaining -= 1
    return current
