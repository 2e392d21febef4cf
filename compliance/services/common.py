"""Steps every compliance service shares: permission, organisation, clock, required text, labels."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from compliance import catalogue
from compliance.models import (
    DocumentRequest,
)
from core.access import Actor, Capability


def require_manage(actor: Actor, obj) -> None:
    actor.require(Capability.MANAGE_REGISTRY)
    require_same_organisation(actor, obj)


def require_same_organisation(actor: Actor, obj) -> None:
    if obj.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This object belongs to another organisation.")


def now():
    return timezone.now()


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def request_label(request: DocumentRequest) -> str:
    return f"{catalogue.label(request.document_type)} – {request.subject}"
