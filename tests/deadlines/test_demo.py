"""The demo data gives the reminder run work: a first run sends digests, a second sends nothing."""

import pytest
from django.core import mail
from django.core.management import call_command

from deadlines.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_seed_demo_then_send_reminders_sends_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: no second set of deadlines
    capsys.readouterr()

    call_command("send_reminders")
    first = capsys.readouterr().out.splitlines()[-1]
    call_command("send_reminders")
    second = capsys.readouterr().out.splitlines()[-1]

    assert Deadline.objects.filter(organisation__slug="northwind", source_id__startswith="demo:").count() == 6
    sent = int(first.split("sent=")[1].split()[0])
    assert sent >= 6 and first.endswith("failed=0")
    assert mail.outbox
    assert second.startswith("reminders: sent=0 ")
