"""Slows password guessing on the login page.

After LOGIN_MAX_FAILURES failed attempts for one username (from anywhere), or four times
as many from one address (an office shares its address), further attempts are refused
for LOGIN_LOCKOUT_SECONDS. The counters live in the shared cache (Redis in production),
so every web process sees them; a successful login clears the username's counter.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

ADDRESS_FACTOR = 4


def _username_key(username: str) -> str:
    # Hashed: the cache must not become a list of the usernames people tried.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-failures:user:{digest}"


def _address_key(address: str | None) -> str | None:
    return f"login-failures:address:{address}" if address else None


def _limits(username: str, address: str | None) -> list[tuple[str, int]]:
    limit = settings.LOGIN_MAX_FAILURES
    limits = [(_username_key(username), limit)]
    if key := _address_key(address):
        limits.append((key, limit * ADDRESS_FACTOR))
    return limits


def is_locked(username: str, address: str | None) -> bool:
    return any(cache.get(key, 0) >= limit for key, limit in _limits(username, address))


def record_failure(username: str, address: str | None) -> None:
    for key, _ in _limits(username, address):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)  # the window starts at the first failure
        cache.incr(key)


def clear(username: str) -> None:
    cache.delete(_username_key(username))
