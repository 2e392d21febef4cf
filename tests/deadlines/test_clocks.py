"""The 15-minute run of hour reminders for clocks (Deadline.due_at): 24 h, 4 h, passed — each once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from core.models import Role
from deadlines.clocks import clock_threshold, send_clock_reminders, time_left
from deadlines.models import ClaimStatus, DeadlineKind, ReminderClaim, ThresholdKind
from tests.deadlines.conftest import NOW, make_deadline
from tests.deadlines.test_concurrent_runs import run_concurrently

H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (48 * H, None),
        (24 * H + dt.timedelta(minutes=1), None),
        (24 * H, (ThresholdKind.HOURS_BEFORE, 24)),
        (5 * H, (ThresholdKind.HOURS_BEFORE, 24)),
        (4 * H, (ThresholdKind.HOURS_BEFORE, 4)),
        (dt.timedelta(minutes=1), (ThresholdKind.HOURS_BEFORE, 4)),
        (dt.timedelta(0), (ThresholdKind.PASSED, 0)),
        (-3 * H, (ThresholdKind.PASSED, 0)),
    ],
)
def test_the_tightest_threshold_reached_is_owed(left, expected):
    threshold = clock_threshold(NOW + left, NOW)
    assert (threshold and (threshold.kind, threshold.days)) == expected


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (3 * H + dt.timedelta(minutes=15), "in 3 h 15 min"),
        (-2 * H, "passed 2 h ago"),
        (dt.timedelta(0), "passed less than a minute ago"),
    ],
)
def test_time_left_in_words(left, words):
    assert time_left(NOW + left, NOW) == words


@pytest.fixture
def clock(organisation):
    """clock(hours left at NOW) → an unowned clock deadline (compliance is reminded)."""

    def make(hours: float, **fields):
        due_at = NOW + dt.timedelta(hours=hours)
        return make_deadline(
            organisation,
            due_at.date(),
            due_at=due_at,
            kind=DeadlineKind.INCIDENT_REPORT,
            title=fields.pop("title", "Report"),
            **fields,
        )

    return make


@pytest.mark.django_db
def test_a_clock_gets_its_24_h_4_h_and_passed_reminders_once_each(clock, members):
    clock(30)
    sent = []
    for quarter in range(0, 4 * 40):  # every 15 minutes for 40 hours
        result = send_clock_reminders(now=NOW + quarter * dt.timedelta(minutes=15))
        sent.append(result.sent)
    claims = ReminderClaim.objects.order_by("claimed_at")
    assert [(c.threshold, c.days) for c in claims if c.recipient.role == Role.LEGAL] == [
        (ThresholdKind.HOURS_BEFORE, 24),
        (ThresholdKind.HOURS_BEFORE, 4),
        (ThresholdKind.PASSED, 0),
    ]
    assert sum(sent) == 6 and len(mail.outbox) == 6  # compliance and legal, three reminders each
    assert sorted(message.to[0] for message in mail.outbox) == ["carol@example.test"] * 3 + ["larry@example.test"] * 3
    assert "Limit passed" in mail.outbox[-1].subject and "Limit approaching" in mail.outbox[0].subject


@pytest.mark.django_db
def test_day_deadlines_and_clocks_far_off_or_long_passed_are_not_read(clock, deadline_due, members):
    deadline_due(0)  # a day deadline: the daily digest's
    clock(25)
    clock(-49)
    assert send_clock_reminders(now=NOW).sent == 0


@pytest.mark.django_db
def test_a_member_who_wants_no_emails_gets_none(clock, members):
    from deadlines.models import DigestFrequency, ReminderPreference

    for role in (Role.COMPLIANCE, Role.LEGAL):
        ReminderPreference.objects.create(membership=members[role], digest=DigestFrequency.NONE)
    clock(2)
    assert send_clock_reminders(now=NOW).sent == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_clock_moved_after_its_reminder_is_reminded_again_for_its_new_date(clock, members):
    deadline = clock(3)
    send_clock_reminders(now=NOW)
    deadline.due_at = NOW + dt.timedelta(days=2, hours=3)
    deadline.due_date = deadline.due_at.date()
    deadline.save()
    send_clock_reminders(now=NOW + dt.timedelta(days=2))
    assert ReminderClaim.objects.filter(status=ClaimStatus.SENT).count() == 4  # twice to compliance and legal


requires_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_15_minute_runs_send_each_reminder_once(clock, members):
    for n in range(120):
        clock([30, 20, 3, -1][n % 4], title=f"Clock {n}")
    results = run_concurrently(2, send=send_clock_reminders)
    owed = 90 * 2  # the 30-hour clocks owe nothing yet; compliance and legal are both reminded
    assert sum(r.sent for r in results) == owed
    assert ReminderClaim.objects.filter(status=ClaimStatus.SENT).count() == owed
    mentioned = [
        (message.to[0], title)
        for message in mail.outbox
        for title in (f"Clock {n}" for n in range(120))
        if f"- {title}\n" in message.body
    ]
    assert len(set(mentioned)) == len(mentioned) == owed  # each (recipient, clock) once
