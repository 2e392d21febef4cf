"""Writing deadlines from their sources, and members' reminder settings and calendar feeds.

Deadlines are a derived index of dates owned by other records (a document request, a
verified document, a classification); the source's own service is audited, so syncing
its deadline is not audited again. Settings and feed tokens are members' own writes and
are audited.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.access import Actor, Capability
from core.audit import diff, object_type_of, record, snapshot
from core.models import Membership, Organisation
from core.tokens import hash_token
from deadlines.audit_actions import (
    CALENDAR_FEED_CREATED,
    CALENDAR_FEED_ROTATED,
    REMINDER_POLICY_UPDATED,
    REMINDER_PREFERENCE_UPDATED,
)
from deadlines.models import CalendarFeed, Deadline, ReminderPolicy, ReminderPreference
from deadlines.selectors import policy_of, preference_of

POLICY_FIELDS = ("days_before", "on_the_day", "overdue_every_days", "escalate_after_days")
PREFERENCE_FIELDS = ("digest", "days_before")


def deadline_sync(
    *,
    organisation: Organisation,
    kind: str,
    source: models.Model,
    due_date: dt.date | None,
    title: str,
    ai_system=None,
    vendor=None,
    owner: Membership | None = None,
    link: str = "",
    source_key: str | None = None,
    is_milestone: bool = False,
    due_at: dt.datetime | None = None,
) -> Deadline | None:
    """Create or move the deadline of one source item; `due_date=None` removes it (fulfilled or void).

    A clock passes `due_at` (an aware instant) as well, with `due_date` its date in the
    organisation's time zone: it then also gets the hour reminders of deadlines/clocks.py.

    An unchanged deadline is not written, so its `updated_at` (the calendar feed's
    LAST-MODIFIED) changes only when the deadline does.
    """
    lookup = {
        "organisation": organisation,
        "kind": kind,
        "source_type": object_type_of(source),
        "source_id": source_key or str(source.pk),
    }
    if due_date is None:
        Deadline.objects.filter(**lookup).delete()
        return None
    values = {
        "due_date": due_date,
        "title": title[:300],
        "ai_system_id": ai_system.pk if ai_system else None,
        "vendor_id": vendor.pk if vendor else None,
        "owner_id": owner.pk if owner else None,
        "link": link,
        "is_milestone": is_milestone,
        "due_at": due_at,
    }
    with transaction.atomic():
        deadline, created = Deadline.objects.select_for_update().get_or_create(**lookup, defaults=values)
        changed = [name for name, value in values.items() if getattr(deadline, name) != value]
        if not created and changed:
            for name in changed:
                setattr(deadline, name, values[name])
            deadline.save(update_fields=[*changed, "updated_at"])
    return deadline


# Reminder settings ---------------------------------------------------------------------


def _clean_days(days: list[int]) -> list[int]:
    return sorted(set(days), reverse=True)


@transaction.atomic
def reminder_policy_update(*, actor: Actor, data: dict) -> ReminderPolicy:
    """Change when the organisation's members are reminded (owners only: it is an organisation setting)."""
    actor.require(Capability.MANAGE_MEMBERS)
    policy = policy_of(actor.organisation)
    before = snapshot(policy, POLICY_FIELDS) if policy.pk else {}
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, _clean_days(data[name]) if name == "days_before" else data[name])
    policy.full_clean()
    policy.save()
    record(actor, REMINDER_POLICY_UPDATED, policy, changes=diff(before, snapshot(policy, POLICY_FIELDS)))
    return policy


@transaction.atomic
def reminder_preference_update(*, actor: Actor, data: dict) -> ReminderPreference:
    """A member chooses their own reminders: any of the organisation's thresholds, or no emails at all."""
    actor.require(Capability.READ)
    preference = preference_of(actor.membership)
    before = snapshot(preference, PREFERENCE_FIELDS) if preference.pk else {}
    offered = set(policy_of(actor.organisation).days_before)
    days = data.get("days_before", preference.days_before)
    if days is not None:
        if not set(days) <= offered:
            raise ValidationError({"days_before": "Choose among the organisation's reminder days."})
        days = None if set(days) == offered else _clean_days(days)  # all of them: follow later changes too
    preference.digest = data.get("digest", preference.digest)
    preference.days_before = days
    preference.full_clean()
    preference.save()
    changes = diff(before, snapshot(preference, PREFERENCE_FIELDS))
    record(actor, REMINDER_PREFERENCE_UPDATED, preference, changes=changes)
    return preference


# Calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_rotate(*, actor: Actor) -> str:
    """Give the member a new secret feed token (the old URL stops working); returns it, shown once."""
    actor.require(Capability.READ)
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        membership=actor.membership, defaults={"token_hash": hash_token(token), "created_at": timezone.now()}
    )
    record(actor, CALENDAR_FEED_CREATED if created else CALENDAR_FEED_ROTATED, feed)
    return token
