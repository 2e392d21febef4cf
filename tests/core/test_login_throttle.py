"""Repeated failed logins pause further attempts; the counters are per username and per address."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from freezegun import freeze_time

from core import login_throttle
from core.forms import ThrottledAuthenticationForm
from core.middleware import RequestContextMiddleware
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


def test_one_address_guessing_many_usernames_is_slowed_down(client, members, settings):
    for index in range(4 * settings.LOGIN_MAX_FAILURES):
        attempt(client, f"nobody-{index}", "guess")
    assert "Too many failed attempts from your network. Wait 1 seconds" in attempt(client, "audrey", PASSWORD).text


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_behind_a_shared_address_the_right_password_gets_in_after_a_short_delay(client, members, settings):
    """The finding: 20 wrong passwords through a proxy locked every user out for 15 minutes."""
    settings.CACHES = LOCAL_MEMORY  # expiry follows the frozen clock
    with freeze_time("2026-11-25 10:00:00") as clock:
        for index in range(4 * settings.LOGIN_MAX_FAILURES + 10):
            attempt(client, f"nobody-{index}", "guess")
            clock.tick(0.5)
        refused = attempt(client, "audrey", PASSWORD)
        assert "from your network" in refused.text and "_auth_user_id" not in client.session
        clock.tick(settings.LOGIN_ADDRESS_MAX_DELAY)
        assert attempt(client, "audrey", PASSWORD).status_code == 302


def test_the_address_delay_doubles_up_to_its_ceiling(settings):
    free = 4 * settings.LOGIN_MAX_FAILURES
    delays = [login_throttle.address_delay(free + step) for step in range(-1, 8)]
    assert delays == [0, 1, 2, 4, 8, 16, settings.LOGIN_ADDRESS_MAX_DELAY, 30, 30]
    assert login_throttle.address_delay(10**9) == settings.LOGIN_ADDRESS_MAX_DELAY


@pytest.mark.parametrize("cache_kind", ["configured", "local memory"])
def test_concurrent_wrong_attempts_are_counted_exactly(settings, cache_kind, monkeypatch):
    """The finding: 30 concurrent wrong attempts were counted as 7, so 30 passwords were tried."""
    if cache_kind == "local memory":
        settings.CACHES = LOCAL_MEMORY
    checked = []
    lock = threading.Lock()

    def slow_wrong_password(request=None, **credentials):
        with lock:
            checked.append(credentials["username"])
        time.sleep(0.05)  # the hasher's time, during which the other attempts arrive
        return None

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", slow_wrong_password)
    start = threading.Barrier(30)

    def guess(number: int) -> None:
        start.wait()
        ThrottledAuthenticationForm(data={"username": "alice", "password": f"guess-{number}"}).is_valid()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == settings.LOGIN_MAX_FAILURES


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client_address"),
    [
        (0, "198.51.100.66", "10.0.0.2"),  # no proxy of ours: the header is the client's invention
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left-most entry is spoofed
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: only the socket's peer is known
        (1, "", "10.0.0.2"),
        (1, "not-an-address", None),
    ],
)
def test_the_client_address_is_the_right_most_hop_our_proxies_added(settings, proxies, forwarded_for, client_address):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.2")
    assert RequestContextMiddleware.client_ip(request) == client_address


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
