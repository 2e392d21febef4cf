"""Per-request facts that the audit log records: request id and client IP.

Held in a context variable so services need not pass the request around; commands
and tasks run with the empty context.
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.ipv6 import clean_ipv6_address


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


# The default is a frozen dataclass, so sharing one instance between contexts is safe.
_NO_REQUEST = RequestContext()
_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("request_context", default=_NO_REQUEST)


def current_request_context() -> RequestContext:
    return _context.get()


def bind(context: RequestContext) -> contextvars.Token:
    return _context.set(context)


def reset(token: contextvars.Token) -> None:
    _context.reset(token)


def normalised_ip(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        validate_ipv46_address(raw)
    except ValidationError:
        return None
    return clean_ipv6_address(raw) if ":" in raw else raw


def new_request_id(header_value: str | None) -> str:
    """Reuse a proxy's X-Request-ID when it is sane, otherwise make one."""
    if header_value and len(header_value) <= 64 and header_value.replace("-", "").isalnum():
        return header_value
    return uuid.uuid4().hex
