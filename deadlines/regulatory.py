"""Regulatory deadlines: the dates from which a classified system's obligations apply.

Kept in step with the system's current classification through the assessments hook:
each new snapshot re-syncs the set, so a date that moves moves its deadline and an
obligation that no longer applies loses its deadline.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from assessments.rulepack import default_pack
from core.audit import object_type_of
from core.dates import today_in
from deadlines.models import Deadline, DeadlineKind
from deadlines.services import deadline_sync


def obligation_key(system, code: str) -> str:
    # The system's id is part of the key: the uniqueness of deadlines is per organisation, not per system.
    return f"{system.pk}:{code}"


def obligation_label(obligation: dict) -> str:
    """ "Art 26: Use the system per its instructions, …" in the rule pack's words."""
    return f"{obligation['article']}: {default_pack().obligation_label(obligation['code'])}"


def upcoming_obligations(result: dict, today: dt.date) -> list[dict]:
    """Obligations that start to apply after today.

    Those already in force are standing duties shown on the classification, not dates
    to prepare for: turning them into deadlines would put every one of them in the
    calendar as passed on the first day.
    """
    return [
        obligation
        for obligation in result.get("obligations", [])
        if obligation.get("applies_from") and dt.date.fromisoformat(obligation["applies_from"]) > today
    ]


def regulatory_deadlines_sync(classification, actor=None) -> None:
    """Handler of assessments' on_classification_saved; runs in the snapshot's transaction."""
    system = classification.ai_system
    organisation = classification.organisation
    obligations = upcoming_obligations(classification.result, today_in(organisation.time_zone))
    link = reverse("assessments:classification_detail", args=[classification.pk])
    kept = []
    for obligation in obligations:
        key = obligation_key(system, obligation["code"])
        kept.append(key)
        deadline_sync(
            organisation=organisation,
            kind=DeadlineKind.REGULATORY,
            source=system,
            source_key=key,
            due_date=dt.date.fromisoformat(obligation["applies_from"]),
            title=f"{obligation_label(obligation)} – {system.name}",
            ai_system=system,
            vendor=system.vendor,
            owner=system.business_owner,
            link=link,
            is_milestone=True,
        )
    Deadline.objects.filter(
        organisation=organisation,
        kind=DeadlineKind.REGULATORY,
        source_type=object_type_of(system),
        source_id__startswith=obligation_key(system, ""),
    ).exclude(source_id__in=kept).delete()
