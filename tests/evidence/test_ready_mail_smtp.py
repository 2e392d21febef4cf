"""The "pack ready" mail through a real SMTP server on loopback; a mail that cannot be sent leaves the pack ready."""

from email import policy
from email.parser import BytesParser

import pytest
from django.urls import reverse

from core.access import Actor
from core.models import Role
from evidence.models import PackState
from evidence.services import evidence_pack_request
from tests.helpers import smtp_server, smtp_settings  # noqa: F401  a real loopback server

pytestmark = pytest.mark.django_db


def test_the_requester_receives_the_ready_mail(members, smtp_server, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.SITE_URL = "https://tracker.example.test"
    with django_capture_on_commit_callbacks(execute=True):
        pack = evidence_pack_request(actor=Actor.for_member(members[Role.LEGAL]))
    pack.refresh_from_db()
    assert pack.state == PackState.READY
    [received] = smtp_server.messages
    assert received["To"] == "larry@example.test"
    assert received["Subject"] == f"Evidence pack ready: {pack.scope_label}"
    message = BytesParser(policy=policy.default).parsebytes(received.as_bytes())
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"https://tracker.example.test{reverse('evidence:pack_detail', args=[pack.pk])}"
    assert link in text and f'href="{link}"' in html
    assert pack.evidence_digest in text


def test_a_mail_server_that_is_down_does_not_undo_the_pack(members, smtp_settings, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        pack = evidence_pack_request(actor=Actor.for_member(members[Role.LEGAL]))
    pack.refresh_from_db()
    assert pack.state == PackState.READY and pack.file
