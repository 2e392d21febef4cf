"""The daily digest email: one message per recipient listing what is due soon and what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from core.audit import published_head
from core.dates import human_date, short_date
from core.emails import absolute_url as site_url
from core.emails import make_message
from core.models import Membership, Organisation, Role
from deadlines.models import Deadline, ReminderClaim, ThresholdKind

# A digest lists this many deadlines per section and links to the rest.
ITEMS_SHOWN = 100


def absolute_url(path: str, organisation: Organisation) -> str:
    """A link for an email: absolute, and switching to the right organisation for members of several."""
    separator = "&" if "?" in path else "?"
    return site_url(f"{path}{separator}org={organisation.slug}")


@dataclass
class DigestItem:
    deadline: Deadline
    escalated: bool = False


@dataclass
class Digest:
    recipient: Membership
    organisation: Organisation
    today: dt.date  # in the organisation's time zone
    items: dict[int, DigestItem] = field(default_factory=dict)
    claim_ids: list[int] = field(default_factory=list)

    def add(self, claim: ReminderClaim) -> None:
        """One deadline appears once, however many of its reminders fall on the same day."""
        self.claim_ids.append(claim.pk)
        item = self.items.setdefault(claim.deadline_id, DigestItem(claim.deadline))
        item.escalated |= claim.threshold == ThresholdKind.ESCALATION

    def sections(self) -> tuple[list[DigestItem], list[DigestItem]]:
        items = sorted(self.items.values(), key=lambda item: (item.deadline.due_date, item.deadline.pk))
        overdue = [item for item in items if item.deadline.due_date < self.today]
        due_soon = [item for item in items if item.deadline.due_date >= self.today]
        return due_soon, overdue


def _row(item: DigestItem, digest: Digest) -> dict:
    deadline = item.deadline
    return {
        "title": deadline.title,
        "kind": deadline.get_kind_display(),
        "system": deadline.ai_system.name if deadline.ai_system else "",
        "vendor": deadline.vendor.legal_name if deadline.vendor else "",
        "due": human_date(deadline.due_date, digest.today),
        "url": absolute_url(deadline.link or reverse("deadlines:deadline_list"), digest.organisation),
        "escalated": item.escalated,
    }


# Those who answer for the audit log get its chain head each day, kept in their mailbox
# outside the database: `verify_audit_log --expect-head` later proves nothing was rewritten.
ROLES_GIVEN_THE_AUDIT_HEAD = {Role.OWNER, Role.COMPLIANCE}


def digest_context(digest: Digest) -> dict:
    due_soon, overdue = digest.sections()
    audit_head = published_head(digest.organisation) if digest.recipient.role in ROLES_GIVEN_THE_AUDIT_HEAD else None
    return {
        "audit_head": audit_head,
        "recipient": digest.recipient,
        "name": digest.recipient.user.get_full_name() or digest.recipient.user.username,
        "organisation": digest.organisation,
        "today": short_date(digest.today),
        "due_soon": [_row(item, digest) for item in due_soon[:ITEMS_SHOWN]],
        "due_soon_more": max(len(due_soon) - ITEMS_SHOWN, 0),
        "overdue": [_row(item, digest) for item in overdue[:ITEMS_SHOWN]],
        "overdue_more": max(len(overdue) - ITEMS_SHOWN, 0),
        "due_soon_count": len(due_soon),
        "overdue_count": len(overdue),
        "list_url": absolute_url(reverse("deadlines:deadline_list"), digest.organisation),
        "preferences_url": absolute_url(reverse("deadlines:preferences"), digest.organisation),
    }


def digest_message(digest: Digest, connection=None) -> EmailMultiAlternatives:
    return make_message("deadline_digest", [digest.recipient.user.email], digest_context(digest), connection=connection)
