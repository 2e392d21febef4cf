"""Slows password guessing on every login form (the app's and the admin's).

Per username: every attempt takes a numbered slot from an atomic counter in the shared
cache *before* the password is checked, so concurrent guesses cannot slip past the count;
after LOGIN_MAX_FAILURES attempts without a success the username waits out the rest of
LOGIN_LOCKOUT_SECONDS. A successful login clears the count.

Per address: an office or a proxy puts many people behind one address, so an address is
never locked out. After four times LOGIN_MAX_FAILURES failures from it, each further
attempt must wait a delay after the address's last failure that doubles with every
failure, up to LOGIN_ADDRESS_MAX_DELAY seconds: guessing slows to a crawl while a person
with the right password gets in after at most that delay.

The counters live in the shared cache (Redis in production), so every web process sees
them; the local-memory cache of development counts atomically within one process.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Pause:
    """Why an attempt is refused, and for about how long."""

    seconds: int
    per_address: bool


def _username_key(username: str) -> str:
    # Hashed: the cache must not become a list of the usernames people tried.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-attempts:user:{digest}"


def _address_keys(address: str) -> tuple[str, str]:
    return f"login-failures:address:{address}", f"login-failures:address-last:{address}"


def _increment(key: str, timeout: int) -> int:
    """Atomically add one to a counter whose window starts with its first count."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # it expired between the two calls: this is the first count of a new window
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key)


def address_delay(failures: int) -> float:
    """Seconds an address waits after its last failure, given its failures in the window."""
    free = settings.LOGIN_MAX_FAILURES * ADDRESS_FACTOR
    if failures < free:
        return 0.0
    return float(min(settings.LOGIN_ADDRESS_MAX_DELAY, 2 ** min(failures - free, 32)))


def _address_pause(address: str | None) -> Pause | None:
    if not address:
        return None
    count_key, last_key = _address_keys(address)
    failures, last = cache.get(count_key, 0), cache.get(last_key)
    if last is None:
        return None
    remaining = last + address_delay(failures) - time.time()
    return Pause(math.ceil(remaining), per_address=True) if remaining > 0 else None


def begin_attempt(username: str, address: str | None) -> Pause | None:
    """Call before checking a password: None to go ahead, else the pause that refuses this attempt."""
    if pause := _address_pause(address):
        return pause
    attempts = _increment(_username_key(username), settings.LOGIN_LOCKOUT_SECONDS)
    if attempts > settings.LOGIN_MAX_FAILURES:
        return Pause(settings.LOGIN_LOCKOUT_SECONDS, per_address=False)
    return None


def record_failure(address: str | None) -> None:
    """A wrong password (the username's slot was already taken by begin_attempt)."""
    if not address:
        return
    count_key, last_key = _address_keys(address)
    _increment(count_key, settings.LOGIN_LOCKOUT_SECONDS)
    cache.set(last_key, time.time(), timeout=settings.LOGIN_LOCKOUT_SECONDS)


def record_success(username: str) -> None:
    cache.delete(_username_key(username))


# Password reset mails -----------------------------------------------------------------------

RESET_WINDOW_SECONDS = 3600


def reset_mail_allowed(email: str, address: str | None) -> bool:
    """At most PASSWORD_RESET_MAX_PER_HOUR reset mails per address asked for, four times as many per client address.

    A refused request looks exactly like an accepted one to the client (no mail is sent), so
    the limit neither floods a mailbox nor tells whether an account exists.
    """
    limit = settings.PASSWORD_RESET_MAX_PER_HOUR
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    allowed = _increment(f"password-reset:email:{digest}", RESET_WINDOW_SECONDS) <= limit
    if address:
        allowed = (
            _increment(f"password-reset:address:{address}", RESET_WINDOW_SECONDS) <= limit * ADDRESS_FACTOR and allowed
        )
    return allowed
