"""Reminders to vendor contacts, through the daily reminder run (deadlines.external): before a document
request falls due, to every contact holding a working link of that vendor; before a link expires, to its
holder. The mail names what is due; the link itself is never stored, so the contact uses the one it was sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from core.dates import human_date
from core.emails import make_message
from deadlines.external import register_external_recipients
from deadlines.models import Deadline, DeadlineKind
from portal.models import PortalLink

SENT_TODAY = dt.timedelta(days=1)


def _working_links(**lookup):
    return PortalLink.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), **lookup)


def vendor_contacts(deadlines: list[Deadline]) -> dict[int, list[str]]:
    """Deadline id → the addresses to remind: two queries whatever the number of deadlines."""
    requests = [d for d in deadlines if d.kind == DeadlineKind.DOCUMENT_REQUEST and d.vendor_id]
    expiring = [d for d in deadlines if d.kind == DeadlineKind.PORTAL_LINK_EXPIRY]
    by_vendor = defaultdict(set)
    if requests:
        for vendor_id, email in _working_links(vendor_id__in={d.vendor_id for d in requests}).values_list(
            "vendor_id", "email"
        ):
            by_vendor[vendor_id].add(email)
    addresses = {d.pk: sorted(by_vendor[d.vendor_id]) for d in requests}
    if expiring:
        # Not on the day it was sent: "expires in 30 days" is what the link's own mail just said.
        links = _working_links(pk__in=[int(d.source_id) for d in expiring], created_at__lt=timezone.now() - SENT_TODAY)
        holders = dict(links.values_list("pk", "email"))
        addresses.update({d.pk: [holders[int(d.source_id)]] for d in expiring if int(d.source_id) in holders})
    return addresses


def reminder_message(address: str, deadlines: list[Deadline], today: dt.date):
    first = deadlines[0]
    items = [
        {"title": d.title, "due": human_date(d.due_date, today), "expiry": d.kind == DeadlineKind.PORTAL_LINK_EXPIRY}
        for d in deadlines
    ]
    context = {"organisation": first.organisation, "vendor": first.vendor, "items": items}
    return make_message("portal-reminder", [address], context)


register_external_recipients(
    "portal",
    kinds=(DeadlineKind.DOCUMENT_REQUEST, DeadlineKind.PORTAL_LINK_EXPIRY),
    resolve=vendor_contacts,
    message=reminder_message,
)
