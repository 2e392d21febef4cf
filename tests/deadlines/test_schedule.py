"""Which reminders a deadline is owed on a day, under the default policy (30, 7, 1 days before,
on the day, every 7 days overdue, escalation after 14 days)."""

import datetime as dt

import pytest

from deadlines.models import ReminderPolicy, ThresholdKind
from deadlines.schedule import Threshold, due_dates_hit, thresholds_on

TODAY = dt.date(2027, 11, 2)
DEFAULT = ReminderPolicy()


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (30, [Threshold(ThresholdKind.BEFORE, 30)]),
        (7, [Threshold(ThresholdKind.BEFORE, 7)]),
        (1, [Threshold(ThresholdKind.BEFORE, 1)]),
        (0, [Threshold(ThresholdKind.DUE, 0)]),
        (-7, [Threshold(ThresholdKind.OVERDUE, 7)]),
        (-14, [Threshold(ThresholdKind.OVERDUE, 14), Threshold(ThresholdKind.ESCALATION, 14)]),
        (-21, [Threshold(ThresholdKind.OVERDUE, 21)]),
        (-700, [Threshold(ThresholdKind.OVERDUE, 700)]),
        (31, []),
        (29, []),
        (8, []),
        (2, []),
        (-1, []),
        (-6, []),
        (-8, []),
        (-15, []),
    ],
)
def test_it_owes_reminders_only_on_the_threshold_days(days, expected):
    due = TODAY + dt.timedelta(days=days)

    assert thresholds_on(DEFAULT, due, TODAY, is_milestone=False) == expected


def test_a_passed_milestone_is_never_overdue():
    assert thresholds_on(DEFAULT, TODAY - dt.timedelta(days=14), TODAY, is_milestone=True) == []
    assert thresholds_on(DEFAULT, TODAY + dt.timedelta(days=7), TODAY, is_milestone=True) == [
        Threshold(ThresholdKind.BEFORE, 7)
    ]


def test_it_follows_the_organisation_policy():
    policy = ReminderPolicy(days_before=[10], on_the_day=False, overdue_every_days=0, escalate_after_days=3)

    assert thresholds_on(policy, TODAY + dt.timedelta(days=10), TODAY, is_milestone=False) == [
        Threshold(ThresholdKind.BEFORE, 10)
    ]
    assert thresholds_on(policy, TODAY, TODAY, is_milestone=False) == []
    assert thresholds_on(policy, TODAY - dt.timedelta(days=7), TODAY, is_milestone=False) == []
    assert thresholds_on(policy, TODAY - dt.timedelta(days=3), TODAY, is_milestone=False) == [
        Threshold(ThresholdKind.ESCALATION, 3)
    ]


def test_the_dates_read_cover_every_date_that_owes_a_reminder():
    oldest = TODAY - dt.timedelta(days=400)
    dates = set(due_dates_hit(DEFAULT, TODAY, oldest))

    for days in range(-400, 40):
        due = TODAY + dt.timedelta(days=days)
        owes = bool(thresholds_on(DEFAULT, due, TODAY, is_milestone=False))
        assert (due in dates) == owes, due
