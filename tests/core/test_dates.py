import datetime as dt

import pytest
from django.template import Context, Template
from freezegun import freeze_time

from core.dates import human_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2027, 12, 2), "2 Dec 2027 (in 372 days)"),
        (dt.date(2026, 11, 25), "25 Nov 2026 (today)"),
        (dt.date(2026, 11, 26), "26 Nov 2026 (tomorrow)"),
        (dt.date(2026, 11, 24), "24 Nov 2026 (yesterday)"),
        (dt.date(2026, 11, 1), "1 Nov 2026 (24 days ago)"),
        ("2027-12-02", "2 Dec 2027 (in 372 days)"),
        (None, ""),
    ],
)
def test_dates_read_with_their_distance_from_today(value, expected):
    assert human_date(value, today=dt.date(2026, 11, 25)) == expected


@freeze_time("2026-11-25 23:30:00+00:00")
def test_a_timestamp_is_read_in_the_current_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    rendered = Template("{% load tracker %}{{ when|human_date }}").render(
        Context({"when": dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC)})
    )
    assert rendered == "26 Nov 2026 (today)"
