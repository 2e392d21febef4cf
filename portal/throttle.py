"""Rate limit of the vendor portal: a link's pages are public, so one address may only call them so often.

Counted per client address in fixed windows in the shared cache (Redis in production), so
every web process sees the same counts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def allow(address: str | None) -> bool:
    """Count this call; False once the address passed PORTAL_RATE_LIMIT calls in the current window."""
    key = f"portal-calls:{address or 'unknown'}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        calls = 1
    return calls <= settings.PORTAL_RATE_LIMIT
