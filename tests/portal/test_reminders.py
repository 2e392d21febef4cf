"""Vendor contacts are reminded by the daily reminder run (no second machinery): once per threshold, only
while their link works, before a request falls due and before their link expires."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from core.dates import today_in
from deadlines.models import ClaimStatus, Deadline, DeadlineKind, ReminderClaim
from deadlines.reminders import send_reminders
from portal import services

pytestmark = pytest.mark.django_db


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)


@pytest.fixture
def due_in_a_week(link, declaration_request):
    today = today_in(link.organisation.time_zone)
    return Deadline.objects.create(
        organisation=link.organisation,
        kind=DeadlineKind.DOCUMENT_REQUEST,
        source_type="compliance.documentrequest",
        source_id=str(declaration_request.pk),
        title="EU declaration of conformity due from TalentLens GmbH",
        due_date=today + dt.timedelta(days=7),
        vendor=link.vendor,
        ai_system=declaration_request.ai_system,
    )


def vendor_mails():
    return [m for m in mail.outbox if m.to == ["dpo@talentlens.example"]]


def test_the_vendor_contact_is_reminded_once_before_a_request_falls_due(link, due_in_a_week):
    mail.outbox.clear()
    now = morning(today_in(link.organisation.time_zone))
    send_reminders(now=now)
    (reminder,) = vendor_mails()
    assert "EU declaration of conformity due from TalentLens GmbH" in reminder.body
    assert "/p/" not in reminder.body  # the token is never stored, so never re-sent
    claim = ReminderClaim.objects.get(recipient__isnull=True)
    assert (claim.recipient_email, claim.status) == ("dpo@talentlens.example", ClaimStatus.SENT)
    send_reminders(now=now)
    assert len(vendor_mails()) == 1


def test_no_reminder_reaches_a_contact_whose_link_was_revoked(compliance_actor, link, due_in_a_week):
    services.portal_link_revoke(actor=compliance_actor, link=link)
    mail.outbox.clear()
    send_reminders(now=morning(today_in(link.organisation.time_zone)))
    assert vendor_mails() == []


def test_the_holder_is_reminded_before_the_link_expires(link):
    mail.outbox.clear()
    week_before = today_in(link.organisation.time_zone, link.expires_at) - dt.timedelta(days=7)
    with freeze_time(morning(week_before)):  # the run, and the links it reads, a week before expiry
        send_reminders()
    (reminder,) = vendor_mails()
    assert "Your private portal link expires" in reminder.body
