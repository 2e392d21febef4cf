"""Today in an organisation's time zone, and short dates for email subjects."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone


def today_in(time_zone: str, now: dt.datetime | None = None) -> dt.date:
    """The calendar date in that time zone: a deadline is due on the organisation's day, not the server's."""
    return (now or timezone.now()).astimezone(ZoneInfo(time_zone)).date()


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
