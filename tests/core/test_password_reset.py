"""Password reset by e-mail (through a real SMTP server on loopback) and API tokens on a password change."""

import re
from email import message_from_bytes, policy

import pytest
from django.urls import reverse

from core.access import Actor
from core.models import ApiToken, AuditEvent, Membership, Role
from core.services import api_token_create
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-fresh-and-long-passphrase-7"
SENT_PAGE = "Check your e-mail"


@pytest.fixture
def inbox(smtp_server, settings):
    settings.SITE_URL = "https://tracker.example.test"
    return smtp_server.messages


def ask_reset(client, email, address="203.0.113.20"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True)


def without_csrf_token(page: str) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


def reset_link(message) -> str:
    body = message_from_bytes(message.as_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    return re.search(r"https://tracker\.example\.test(/account/password/reset/\S+/)", body)[1]


def test_a_member_sets_a_new_password_through_the_mailed_link(
    client, owner, organisation, inbox, django_capture_on_commit_callbacks
):
    token, _ = api_token_create(actor=Actor.for_member(owner), name="script")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_reset(client, "ALICE@example.test")
    assert SENT_PAGE in response.text
    [message] = inbox
    assert message["To"] == "alice@example.test"

    form_page = client.get(reset_link(message), follow=True)
    assert "Set a new password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your new password is set" in done.text
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW_PASSWORD)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(organisation=organisation, action="core.user.password_reset").count() == 1
    # The link works once.
    assert "does not work any more" in client.get(reset_link(message), follow=True).text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, owner, inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_reset(client, "alice@example.test")
        unknown = ask_reset(client, "nobody@example.test")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf_token(known.text) == without_csrf_token(unknown.text)
    assert len(inbox) == 1


def test_reset_mails_are_limited_per_address_without_telling(
    client, owner, inbox, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = {
            without_csrf_token(ask_reset(client, "alice@example.test").text)
            for _ in range(settings.PASSWORD_RESET_MAX_PER_HOUR + 3)
        }
    assert len(answers) == 1  # the same page every time
    assert len(inbox) == settings.PASSWORD_RESET_MAX_PER_HOUR


def test_a_forged_link_is_refused(client, owner):
    response = client.get("/account/password/reset/MQ/set-password/", follow=True)
    assert "does not work any more" in response.text


# Changing one's password ---------------------------------------------------------------------


def change(client, **extra):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(reverse("password_change"), data | extra, follow=True)


def test_a_password_change_revokes_the_api_tokens_in_every_organisation_by_default(login, owner, outsider):
    other = Membership.objects.create(user=owner.user, organisation=outsider.organisation, role=Role.AUDITOR)
    api_token_create(actor=Actor.for_member(owner), name="here")
    api_token_create(actor=Actor.for_member(other), name="there")
    client = login(owner)
    assert client.get(reverse("password_change")).context["form"]["revoke_api_tokens"].value() is True
    response = change(client, revoke_api_tokens="on")
    assert "2 API tokens revoked." in response.text
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    revoked = AuditEvent.objects.filter(action="core.api_token.revoked")
    assert {event.organisation_id for event in revoked} == {owner.organisation_id, other.organisation_id}


def test_a_password_change_can_keep_the_tokens(login, owner):
    token, _ = api_token_create(actor=Actor.for_member(owner), name="ci")
    change(login(owner))  # the box left unticked
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
