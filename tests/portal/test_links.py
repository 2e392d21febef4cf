"""Portal links: sending (mail through a real SMTP server), token stored hashed, revocation, expiry, audit."""

import datetime as dt
import email
from email import policy

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from core.models import ActorType, AuditEvent, Role
from core.tokens import hash_token
from portal import services
from portal.models import PortalLink
from tests.helpers import smtp_server, smtp_settings  # noqa: F401  a real SMTP server

pytestmark = pytest.mark.django_db


def test_the_link_mail_reaches_a_real_smtp_server(
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
    compliance_actor,
    vendor,
    declaration_request,
):
    with django_capture_on_commit_callbacks(execute=True):
        link, token = services.portal_link_send(actor=compliance_actor, vendor=vendor, email="dpo@talentlens.example")
    (message,) = smtp_server.messages
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["To"] == "dpo@talentlens.example"
    text = parsed.get_body(("plain",)).get_content()
    assert f"/p/{token}/" in text
    assert "EU declaration of conformity" in text and "10 Jan 2030" in text
    assert link.token_hash == hash_token(token) and token not in str(PortalLink.objects.values().get())


def test_sending_is_audited_and_expires_in_30_days_by_default(link):
    assert (link.expires_at - link.created_at) == dt.timedelta(days=30)
    event = AuditEvent.objects.get(action="portal.portal_link.sent")
    assert event.changes["email"] == [None, "dpo@talentlens.example"]
    assert "token" not in event.changes


@pytest.mark.parametrize("email_, days", [("not-an-email", 30), ("a@b.example", 0), ("a@b.example", 91)])
def test_bad_send_input_is_refused(compliance_actor, vendor, email_, days):
    with pytest.raises(ValidationError):
        services.portal_link_send(actor=compliance_actor, vendor=vendor, email=email_, days=days)
    assert not PortalLink.objects.exists() and not mail.outbox


@pytest.mark.parametrize("role", [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_only_the_owner_and_compliance_send_links(actor_of, vendor, role):
    with pytest.raises(PermissionDenied):
        services.portal_link_send(actor=actor_of(role), vendor=vendor, email="a@b.example")


def test_a_revoked_link_stops_working_and_the_attempt_is_audited(client, compliance_actor, link, token):
    assert client.get(f"/p/{token}/").status_code == 200
    services.portal_link_revoke(actor=compliance_actor, link=link)
    assert client.get(f"/p/{token}/").status_code == 410
    refused = AuditEvent.objects.get(action="portal.portal_link.refused")
    assert refused.changes["reason"] == "revoked" and refused.actor_type == ActorType.VENDOR
    with pytest.raises(ValidationError):
        services.portal_link_revoke(actor=compliance_actor, link=link)


def test_an_expired_link_stops_working(client, link, token):
    with freeze_time(link.expires_at + dt.timedelta(seconds=1)):
        assert client.get(f"/p/{token}/").status_code == 410
    assert AuditEvent.objects.get(action="portal.portal_link.refused").changes["reason"] == "expired"


def test_an_unknown_token_is_a_404(client, link):
    assert client.get("/p/not-a-token/").status_code == 404


def test_every_use_is_audited_as_the_vendor_contact_with_the_ip(client, token):
    client.get(f"/p/{token}/", REMOTE_ADDR="203.0.113.9")
    client.get(f"/p/{token}/questionnaire/", REMOTE_ADDR="203.0.113.9")
    uses = AuditEvent.objects.filter(action="portal.portal_link.used").order_by("sequence")
    assert [u.changes["what"] for u in uses] == ["GET home", "GET questionnaire"]
    assert {(u.actor_type, u.actor_label, u.ip_address) for u in uses} == {
        (ActorType.VENDOR, "vendor contact <dpo@talentlens.example>", "203.0.113.9")
    }


def test_the_portal_sets_no_cookie_but_csrf_and_keeps_the_token_out_of_referers(client, token):
    response = client.get(f"/p/{token}/")
    assert set(response.cookies) <= {"csrftoken"}
    assert response["Referrer-Policy"] == "same-origin" and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Dashboard" not in page and "/vendors/" not in page  # no navigation of the internal app


def test_calls_are_rate_limited_per_address(settings, client, token):
    settings.PORTAL_RATE_LIMIT = 3
    # A cache of this test's own: with REDIS_URL, parallel workers share (and clear) one Redis database.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate"}}
    address = "198.51.100.14"
    statuses = [client.get(f"/p/{token}/", REMOTE_ADDR=address).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(f"/p/{token}/", REMOTE_ADDR="198.51.100.15").status_code == 200


def test_the_sender_is_reminded_before_the_link_expires_until_it_is_revoked(compliance_actor, members, link):
    from core.dates import today_in
    from deadlines.models import Deadline, DeadlineKind

    deadline = Deadline.objects.get(kind=DeadlineKind.PORTAL_LINK_EXPIRY)
    assert deadline.owner == members[Role.COMPLIANCE] and deadline.vendor == link.vendor
    assert deadline.due_date == today_in(link.organisation.time_zone, link.expires_at)
    services.portal_link_revoke(actor=compliance_actor, link=link)
    assert not Deadline.objects.filter(kind=DeadlineKind.PORTAL_LINK_EXPIRY).exists()
