"""The reminder run: the right people get one digest a day, each reminder once, in the organisation's day."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from core.models import Role
from deadlines.models import ClaimStatus, Deadline, DigestFrequency, ReminderClaim, ReminderPolicy, ReminderPreference
from deadlines.reminders import send_reminders
from tests.deadlines.conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def recipients_of(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.mark.parametrize("days", [30, 7, 1, 0, -7, -21])
def test_it_reminds_the_owner_on_each_threshold_day(deadline_due, owner, days):
    deadline_due(days)

    with freeze_time(NOW):
        result = send_reminders()

    assert result.sent == 1
    assert recipients_of(mail.outbox) == [owner.user.email]


@pytest.mark.parametrize("days", [31, 29, 8, 2, -1, -6, -8])
def test_it_sends_nothing_on_other_days(deadline_due, days):
    deadline_due(days)

    with freeze_time(NOW):
        result = send_reminders()

    assert (result.sent, result.skipped, result.failed) == (0, 0, 0)
    assert mail.outbox == []


def test_it_escalates_to_the_compliance_officers_after_fourteen_days(deadline_due, owner, carol):
    deadline_due(-14)

    with freeze_time(NOW):
        send_reminders()

    assert recipients_of(mail.outbox) == sorted([owner.user.email, carol.user.email])
    [to_carol] = [m for m in mail.outbox if m.to == [carol.user.email]]
    assert "escalated to compliance" in to_carol.body


def test_a_deadline_nobody_owns_goes_to_the_compliance_officers(deadline_due, carol):
    deadline_due(7, owner=None)

    with freeze_time(NOW):
        send_reminders()

    assert recipients_of(mail.outbox) == [carol.user.email]


def test_without_compliance_officers_the_owners_answer(deadline_due, organisation, owner, carol):
    carol.role = Role.LEGAL
    carol.save()
    deadline_due(7, owner=None)

    with freeze_time(NOW):
        send_reminders()

    assert recipients_of(mail.outbox) == [owner.user.email]


def test_a_second_run_sends_nothing(deadline_due):
    deadline_due(7)
    deadline_due(-7)

    with freeze_time(NOW):
        first = send_reminders()
    with freeze_time(NOW + dt.timedelta(hours=3)):
        second = send_reminders()

    assert (first.sent, first.digests) == (2, 1)
    assert (second.sent, second.skipped) == (0, 2)
    assert len(mail.outbox) == 1


def test_one_digest_per_recipient_lists_every_deadline(deadline_due, owner):
    deadline_due(30, title="DPA signed")
    deadline_due(1, title="Model card due")
    deadline_due(-7, title="Pen test report due")

    with freeze_time(NOW):
        send_reminders()

    [digest] = mail.outbox
    assert "1 overdue, 2 due soon" in digest.subject
    for title in ("DPA signed", "Model card due", "Pen test report due"):
        assert title in digest.body


def test_a_moved_deadline_is_reminded_of_again_for_its_new_date(deadline_due):
    deadline = deadline_due(7)
    with freeze_time(NOW):
        send_reminders()

    deadline.due_date = TODAY + dt.timedelta(days=8)  # moved a day later: tomorrow it is 7 days away again
    deadline.save()
    with freeze_time(NOW + dt.timedelta(days=1)):
        result = send_reminders()

    assert result.sent == 1
    assert len(mail.outbox) == 2


def test_today_is_the_organisations_day_not_the_servers(deadline_due, organisation):
    deadline_due(7)  # due 9 Nov; 7 days before is 2 Nov in Berlin

    with freeze_time(dt.datetime(2027, 11, 1, 23, 30, tzinfo=dt.UTC)):  # already 2 Nov, 00:30, in Berlin
        berlin = send_reminders()

    assert berlin.sent == 1


def test_members_choose_their_thresholds_or_no_email(deadline_due, owner, carol):
    ReminderPreference.objects.create(membership=owner, days_before=[30])
    ReminderPreference.objects.create(membership=carol, digest=DigestFrequency.NONE)
    deadline_due(30, title="Wanted")
    deadline_due(7, title="Not wanted")
    deadline_due(-14, title="Escalated but carol opted out")

    with freeze_time(NOW):
        result = send_reminders()

    [digest] = mail.outbox
    assert "Wanted" in digest.body and "Not wanted" not in digest.body
    assert (result.sent, result.skipped) == (2, 2)  # alice: 30 days and 14 overdue; skipped: 7 days, carol


def test_the_organisation_sets_the_thresholds(deadline_due, organisation):
    ReminderPolicy.objects.create(organisation=organisation, days_before=[10], on_the_day=False)
    deadline_due(10)
    deadline_due(7)
    deadline_due(0)

    with freeze_time(NOW):
        assert send_reminders().sent == 1


def test_other_organisations_deadlines_go_to_their_members(deadline_due, other_organisation, outsider):
    from tests.deadlines.conftest import make_deadline

    make_deadline(other_organisation, TODAY + dt.timedelta(days=7), owner=outsider)

    with freeze_time(NOW):
        send_reminders()

    assert recipients_of(mail.outbox) == [outsider.user.email]


def test_a_dry_run_counts_and_sends_nothing(deadline_due):
    deadline_due(7)

    with freeze_time(NOW):
        dry = send_reminders(dry_run=True)
        real = send_reminders()

    assert dry.sent == real.sent == 1
    assert len(mail.outbox) == 1


def test_the_command_reports_what_it_did(deadline_due, capsys):
    deadline_due(7)

    call_command("send_reminders", "--now", NOW.isoformat())
    call_command("send_reminders", "--now", NOW.isoformat())

    lines = capsys.readouterr().out.splitlines()
    assert lines == ["reminders: sent=1 skipped=0 failed=0", "reminders: sent=0 skipped=1 failed=0"]


def test_the_command_dry_run(deadline_due, capsys):
    deadline_due(7)

    call_command("send_reminders", "--now", NOW.isoformat(), "--dry-run")

    out = capsys.readouterr().out.splitlines()
    assert out == ["Dry run: nothing was claimed or sent.", "reminders: would_send=1 skipped=0 failed=0"]
    assert not ReminderClaim.objects.exists()


def test_the_task_runs_the_same_code(deadline_due):
    from deadlines.tasks import send_reminders as task

    deadline_due(7)

    assert task.delay(NOW.isoformat()).get() == "reminders: sent=1 skipped=0 failed=0"
    assert ReminderClaim.objects.get().status == ClaimStatus.SENT


def _queries_of_a_run(deadline_due, count: int) -> int:
    Deadline.objects.all().delete()
    for index in range(count):
        deadline_due([30, 7, 1, 0, -7, -14][index % 6])
    with CaptureQueriesContext(connection) as queries:
        result = send_reminders(now=NOW)
    assert result.sent > count  # escalations reach carol too
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_deadlines(deadline_due):
    # Up to 60 deadlines the claims fit one INSERT even on SQLite (999 parameters); more only add batches.
    assert _queries_of_a_run(deadline_due, 12) == _queries_of_a_run(deadline_due, 60)


def test_only_pages_add_queries(deadline_due):
    for days in [30, 7, 1, 0, -7] * 4:
        deadline_due(days)
    with CaptureQueriesContext(connection) as one_page:
        send_reminders(now=NOW, batch_size=100)
    ReminderClaim.objects.all().delete()
    with CaptureQueriesContext(connection) as four_pages:
        send_reminders(now=NOW, batch_size=6)

    # Per extra page: one read and one insert of claims, and one read of claims for the digests.
    assert len(four_pages) - len(one_page) == 3 * 3


def test_the_daily_run_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]

    assert entry["task"] == "deadlines.tasks.send_reminders"
    assert entry["schedule"].hour == {settings.REMINDER_HOUR}
    assert entry["schedule"].minute == {settings.REMINDER_MINUTE}
