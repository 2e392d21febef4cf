"""Demo deadlines due soon and overdue, so the calendar and `send_reminders` have work on demo data.

Due dates are relative to the organisation's today: a run on another day moves them
(through `deadline_sync`) rather than adding more, so seeding stays idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from core.models import Organisation
from deadlines.dates import today_in
from deadlines.models import Deadline, DeadlineKind
from deadlines.services import deadline_sync
from vendors.models import AiSystem

# (days from today, kind, title): one of each reminder threshold of the default policy.
DEMO_DEADLINES = (
    (30, DeadlineKind.CERTIFICATE_EXPIRY, "ISO/IEC 42001 certificate expires"),
    (7, DeadlineKind.DOCUMENT_REQUEST, "Instructions for use due from the vendor"),
    (1, DeadlineKind.DOCUMENT_REVIEW, "Re-verify the technical documentation"),
    (0, DeadlineKind.DOCUMENT_REQUEST, "Data processing agreement due from the vendor"),
    (-7, DeadlineKind.DOCUMENT_REQUEST, "Security test report overdue from the vendor"),
    (-14, DeadlineKind.DOCUMENT_REVIEW, "Re-verify the EU declaration of conformity"),
)


def seed_deadlines(organisation: Organisation) -> Counter[str]:
    """Spread the demo deadlines over the organisation's first AI systems; returns how many were created."""
    systems = list(AiSystem.objects.filter(organisation=organisation).select_related("vendor").order_by("pk")[:3])
    if not systems:
        return Counter()
    today = today_in(organisation.time_zone)
    demo_rows = Deadline.objects.filter(organisation=organisation, source_id__startswith="demo:")
    existing = demo_rows.count()
    for index, (days, kind, title) in enumerate(DEMO_DEADLINES):
        system = systems[index % len(systems)]
        deadline_sync(
            organisation=organisation,
            kind=kind,
            source=system,
            source_key=f"demo:{system.pk}:{index}",
            due_date=today + dt.timedelta(days=days),
            title=f"{title} – {system.name}",
            ai_system=system,
            vendor=system.vendor,
            owner=system.business_owner,  # unowned ones go to the compliance officers
            link=system.get_absolute_url(),
        )
    return Counter({"deadlines": demo_rows.count() - existing})
