"""The demo's deadlines all come from real records, and give the reminder run work on each threshold once."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from deadlines.models import Deadline, ReminderClaim, ThresholdKind

pytestmark = pytest.mark.django_db


def last_line(capsys) -> str:
    return capsys.readouterr().out.splitlines()[-1]


@freeze_time("2026-11-25 10:00")  # a Wednesday: every threshold of the default policy can fall on a business day
def test_seed_demo_then_send_reminders_sends_each_threshold_once(capsys):
    call_command("seed_demo")
    seeded = Deadline.objects.count()
    call_command("seed_demo")  # idempotent: no second set of requests, documents or deadlines
    capsys.readouterr()

    call_command("send_reminders")
    first = last_line(capsys)
    call_command("send_reminders")
    second = last_line(capsys)

    assert Deadline.objects.count() == seeded
    for deadline in Deadline.objects.all():
        source = apps.get_model(deadline.source_type)
        source_pk = deadline.source_id.split(":")[0]  # regulatory deadlines: "<system id>:<obligation>"
        assert source.objects.filter(pk=source_pk).exists(), deadline
    hit = set(ReminderClaim.objects.values_list("threshold", "days"))
    before = ThresholdKind.BEFORE
    assert {(before, 30), (before, 7), (before, 1), (ThresholdKind.DUE, 0), (ThresholdKind.OVERDUE, 21)} <= hit
    assert first.endswith("failed=0") and mail.outbox
    assert second.startswith("reminders: sent=0 ")
