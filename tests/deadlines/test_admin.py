"""Operators see deadlines and reminder claims in the admin, read-only."""

import pytest
from django.urls import reverse

from deadlines.models import ClaimStatus, ReminderClaim
from deadlines.reminders import send_reminders
from tests.deadlines.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["deadline", "reminderclaim"])
def test_the_admin_lists_them_read_only(admin_client, deadline_due, model):
    deadline_due(7)
    send_reminders(now=NOW)

    assert admin_client.get(reverse(f"admin:deadlines_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:deadlines_{model}_add")).status_code == 403


def test_failed_reminders_are_found_by_status(admin_client, deadline_due):
    deadline_due(7)
    send_reminders(now=NOW)
    ReminderClaim.objects.update(status=ClaimStatus.FAILED, last_error="SMTPServerDisconnected")

    response = admin_client.get(reverse("admin:deadlines_reminderclaim_changelist"), {"status__exact": "failed"})

    assert response.context["cl"].result_count == 1
