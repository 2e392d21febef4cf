"""Repeated failed logins pause further attempts; the counters are per username and per address."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from freezegun import freeze_time

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed attempts"
ADMIN_PASSWORD = "an-operator-passphrase"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        assert LOCKED not in attempt(client, username, "wrong-password", address).text


def test_after_five_failures_even_the_right_password_waits(client, owner, settings):
    fail(client, "alice", settings.LOGIN_MAX_FAILURES)
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 200 and LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_the_pause_ends_after_the_lockout_period(client, owner, settings):
    # A process-local cache, whose expiry follows the frozen clock (Redis keeps its own time).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with freeze_time("2026-11-25 10:00:00") as clock:
        fail(client, "alice", settings.LOGIN_MAX_FAILURES)
        clock.tick(settings.LOGIN_LOCKOUT_SECONDS + 1)
        assert attempt(client, "alice", PASSWORD).status_code == 302


def test_a_success_clears_the_count_and_other_users_are_not_affected(client, members, settings):
    fail(client, "alice", settings.LOGIN_MAX_FAILURES - 1, address="198.51.100.1")
    assert attempt(client, "alice", PASSWORD, address="198.51.100.1").status_code == 302
    client.logout()
    fail(client, "alice", settings.LOGIN_MAX_FAILURES - 1, address="198.51.100.2")
    assert attempt(client, "alice", PASSWORD, address="198.51.100.2").status_code == 302
    client.logout()
    fail(client, "carol", settings.LOGIN_MAX_FAILURES, address="198.51.100.3")
    assert attempt(client, "aaron", PASSWORD, address="198.51.100.4").status_code == 302


def test_one_address_guessing_many_usernames_is_paused(client, members, settings):
    for index in range(4 * settings.LOGIN_MAX_FAILURES):
        attempt(client, f"nobody-{index}", "guess")
    assert LOCKED in attempt(client, "audrey", PASSWORD).text


# The admin's login is a password login too -------------------------------------------------


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser("root", "root@example.test", ADMIN_PASSWORD)


def admin_attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_the_admin_login_is_paused_after_repeated_failures(client, operator, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert LOCKED not in admin_attempt(client, "root", "wrong-password").text
    response = admin_attempt(client, "root", ADMIN_PASSWORD)
    assert response.status_code == 200 and LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_admin_login_failures_count_toward_the_app_login_pause(client, operator, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        admin_attempt(client, "root", "wrong-password")
    assert LOCKED in attempt(client, "root", ADMIN_PASSWORD).text


def test_the_admin_login_still_works(client, operator):
    assert admin_attempt(client, "root", ADMIN_PASSWORD).status_code == 302
