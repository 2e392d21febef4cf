"""Dates as people read them: "2 Dec 2027 (in 372 days)"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone


def today_in(time_zone: str, now: dt.datetime | None = None) -> dt.date:
    """The calendar date in that time zone: dates are due on the organisation's day, not the server's."""
    return (now or timezone.now()).astimezone(ZoneInfo(time_zone)).date()


def short_date(day: dt.date) -> str:
    """ "2 Dec 2027" """
    return f"{day.day} {day:%b %Y}"


def as_date(value) -> dt.date | None:
    """A date from a date, an aware datetime (in the current time zone) or an ISO string."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def relative_days(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def human_date(value, today: dt.date | None = None) -> str:
    day = as_date(value)
    if day is None:
        return str(value or "")
    today = today or timezone.localdate()
    return f"{short_date(day)} ({relative_days(day, today)})"
