"""Changing one's password: Django's form, with the change recorded (masked) in the audit log."""

from django.urls import reverse

from core.audit import MASK
from core.models import AuditEvent
from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-passphrase-42"


def test_it_changes_the_password_and_records_it_masked(login, owner, organisation):
    client = login(owner)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW_PASSWORD)
    [event] = AuditEvent.objects.filter(organisation=organisation, action="core.user.password_changed")
    assert (event.actor_label, event.changes) == ("alice", {"password": [MASK, MASK]})
    # Still signed in after the change.
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_refuses_a_wrong_old_password_and_records_nothing(login, owner):
    response = login(owner).post(
        reverse("password_change"),
        {"old_password": "wrong-one", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    owner.user.refresh_from_db()
    assert owner.user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="core.user.password_changed").exists()
