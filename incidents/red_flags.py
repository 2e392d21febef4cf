"""The red flag of the incidents app: an Art 73 report made late, or a limit passed without one.

A late report stays flagged (and counted on the penalty exposure page): the record shows
it, and only a risk acceptance by legal or the owner closes the flag.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from compliance.models import Severity, subject_key_of
from compliance.red_flags import SYSTEM, Facts, RedFlagRule, register_facts_loader, register_rule
from incidents.filters import overdue_q
from incidents.models import Incident

FACTS = "incidents"


def late_reports(organisation, systems: list, vendors: list) -> dict[str, int]:
    """Subject key → how many of the system's incidents have a report late or overdue (one query)."""
    counts = (
        Incident.objects.filter(organisation=organisation, ai_system__in=systems)
        .values("ai_system_id")
        .annotate(late=Count("pk", filter=overdue_q(timezone.now())))
        .filter(late__gt=0)
    )
    by_id = {system.pk: system for system in systems}
    return {subject_key_of(ai_system=by_id[row["ai_system_id"]]): row["late"] for row in counts}


def report_late(facts: Facts) -> bool:
    return bool(facts.extra.get(FACTS))


def register() -> None:
    register_facts_loader(FACTS, late_reports)
    register_rule(
        RedFlagRule(
            code="incident_report_late",
            severity=Severity.CRITICAL,
            citation="Art 73(2)-(4), Art 26(5)",
            message="A serious incident report was sent after its limit, or the limit passed without a report.",
            action="Send the report now (an incomplete initial report is allowed, Art 73(5)); record why it was late.",
            applies=report_late,
            scopes=(SYSTEM,),
        )
    )
