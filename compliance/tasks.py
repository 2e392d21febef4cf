"""Celery entry points of the compliance app."""

from __future__ import annotations

from celery import shared_task

from compliance.services import red_flags_reevaluate_organisation, red_flags_reevaluate_registry_object
from core.models import Organisation


@shared_task(name="compliance.tasks.reevaluate_red_flags")
def reevaluate_red_flags(organisation_id: int | None = None) -> int:
    """The nightly run (settings.CELERY_BEAT_SCHEDULE): every organisation, or one; idempotent."""
    organisations = Organisation.objects.all()
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    return sum(red_flags_reevaluate_organisation(organisation) for organisation in organisations)


@shared_task(name="compliance.tasks.reevaluate_registry_red_flags")
def reevaluate_registry_red_flags(kind: str, pk: int) -> int:
    """After a vendor ("vendor") or GPAI model ("gpai_model") change that many systems' flags read; idempotent."""
    return red_flags_reevaluate_registry_object(kind, pk)
