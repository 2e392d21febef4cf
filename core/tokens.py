"""Personal API token values: generated once, shown once, stored only as a SHA-256 hash.

The tokens carry 256 bits of randomness, so an unsalted hash is safe to look them up by.
"""

from __future__ import annotations

import hashlib
import secrets

from core.models import ApiToken

TOKEN_PREFIX = "aat_"


def generate_token_value() -> tuple[str, str]:
    """Return (full token, short prefix shown in lists)."""
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return value, value[: len(TOKEN_PREFIX) + 6]


def hash_token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def find_active_token(value: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("membership__user", "membership__organisation")
        .filter(token_hash=hash_token(value), revoked_at__isnull=True)
        .first()
    )
