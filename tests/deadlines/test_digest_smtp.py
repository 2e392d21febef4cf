"""The digest through a real SMTP server on loopback, and what happens when the server is not there."""

import datetime as dt
import email
import io
import re
from email import policy
from html.parser import HTMLParser

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from freezegun import freeze_time

from core.access import Actor
from core.audit import published_head, record
from core.models import Role
from deadlines.models import ClaimStatus, ReminderClaim
from deadlines.reminders import FIRST_RETRY, send_reminders
from tests.deadlines.conftest import NOW
from tests.helpers import Inbox

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def parsed(raw) -> email.message.EmailMessage:
    return email.message_from_bytes(raw.as_bytes(), policy=policy.default)


def parts_of(message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def test_the_digest_arrives_with_text_and_html_parts_and_absolute_links(smtp_server, deadline_due, owner, system):
    deadline_due(7, title="Security whitepaper due", ai_system=system, link="/vendors/systems/1/")
    deadline_due(-7, title="Model card overdue")

    with freeze_time(NOW):
        result = send_reminders()

    assert (result.sent, result.failed) == (2, 0)
    [received] = [parsed(raw) for raw in smtp_server.messages]
    assert received["To"] == owner.user.email
    assert received["Subject"].strip() == "[Acme Buyer GmbH] 1 overdue, 1 due soon – deadlines of 2 Nov 2027"
    parts = parts_of(received)
    text, html = parts["text/plain"], parts["text/html"]
    assert "Due 9 Nov 2027 (in 7 days)" in text
    assert "Due 26 Oct 2027 (7 days ago)" in text
    assert text.index("OVERDUE") < text.index("DUE SOON")
    assert "TalentLens Screen" in text
    links = Links()
    links.feed(html)
    assert "https://tracker.example/vendors/systems/1/?org=acme" in links.hrefs
    assert "https://tracker.example/deadlines/preferences/?org=acme" in links.hrefs
    assert "https://tracker.example/deadlines/preferences/?org=acme" in text
    assert all(href.startswith("https://tracker.example/") for href in links.hrefs)


def test_a_refused_send_is_recorded_and_retried_after_the_backoff(smtp_settings, deadline_due):
    deadline_due(7)

    with freeze_time(NOW):
        down = send_reminders()  # nobody listens on the port

    claim = ReminderClaim.objects.get()
    assert (down.sent, down.failed) == (0, 1)
    assert claim.status == ClaimStatus.FAILED and claim.attempts == 1
    assert "Connection refused" in claim.last_error or "Errno" in claim.last_error
    assert claim.next_attempt_at == NOW + FIRST_RETRY

    with freeze_time(NOW + FIRST_RETRY / 2):
        too_early = send_reminders()
    assert (too_early.sent, too_early.failed) == (0, 0)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        with freeze_time(NOW + FIRST_RETRY):
            retried = send_reminders()
    finally:
        controller.stop()

    assert (retried.sent, retried.failed) == (1, 0)
    assert len(inbox.messages) == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SENT and claim.attempts == 2 and claim.last_error == ""


def test_repeated_failures_back_off_exponentially_then_stop(smtp_settings, deadline_due):
    deadline_due(7)
    moment = NOW
    waits = []
    for _ in range(10):
        with freeze_time(moment):
            send_reminders()
        claim = ReminderClaim.objects.get()
        if claim.next_attempt_at is None:
            break
        waits.append(claim.next_attempt_at - moment)
        moment = claim.next_attempt_at

    assert waits[:4] == [dt.timedelta(minutes=15 * 2**n) for n in range(4)]
    assert max(waits) == dt.timedelta(hours=24)
    assert claim.status == ClaimStatus.ABANDONED  # kept, with its error, for someone to see
    assert claim.attempts == 10 and claim.last_error


def test_owners_and_compliance_receive_the_audit_chain_head_that_verify_audit_log_accepts(
    smtp_server, deadline_due, members, organisation
):
    record(Actor.for_member(members[Role.OWNER]), "core.organisation.created", organisation)
    deadline_due(7, title="For the owner")
    deadline_due(7, title="For compliance", owner=members[Role.COMPLIANCE])
    deadline_due(7, title="For the requester", owner=members[Role.REQUESTER])
    head = published_head(organisation)

    with freeze_time(NOW):
        send_reminders()

    texts = {parsed(raw)["To"]: parts_of(parsed(raw))["text/plain"] for raw in smtp_server.messages}
    line = f"event #{head.sequence}, {head.event_id}:{head.hash}"
    assert line in texts["alice@example.test"] and line in texts["carol@example.test"]
    assert "CHAIN HEAD" not in texts["rita@example.test"]
    published = re.search(r"--expect-head (\d+:[0-9a-f]{64})", texts["alice@example.test"])[1]
    call_command("verify_audit_log", "--expect-head", published, stdout=io.StringIO(), stderr=io.StringIO())
