"""Reads of the core app that need care: audit log filtering and paging, exports, members and tokens."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from core.activity import activity_lines
from core.models import ApiToken, AuditEvent, Invitation, Membership, Organisation

AUDIT_PAGE_SIZE = 25
RECENT_ACTIVITY_LIMIT = 10
# Counting a filtered log of millions of events costs a full scan; past this we say "more than".
AUDIT_COUNT_CAP = 10_000


# Audit log -------------------------------------------------------------------------------


def audit_events_matching(organisation: Organisation, **criteria) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, narrowed by `filter_audit_events` criteria."""
    return filter_audit_events(AuditEvent.objects.filter(organisation=organisation), **criteria)


def filter_audit_events(
    events: QuerySet[AuditEvent],
    *,
    actor_user_id: int | None = None,
    actor_label: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    created_from: dt.datetime | None = None,
    created_before: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Narrow (already scoped) events by every criterion given, newest first.

    `action` is a prefix ("vendors." matches every vendors event); `created_from` is
    inclusive and `created_before` exclusive.
    """
    lookups = {
        "actor_user_id": actor_user_id,
        "actor_label__icontains": actor_label,
        "action__startswith": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label__icontains": object_label,
        "created_at__gte": created_from,
        "created_at__lt": created_before,
    }
    return events.filter(**{lookup: value for lookup, value in lookups.items() if value}).order_by("-sequence")


def day_bounds(
    date_from: dt.date | None, date_to: dt.date | None, time_zone: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Inclusive calendar days in a time zone → [start of the first day, start of the day after the last)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone) if date_from else None
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if date_to else None
    return start, end


@dataclass(frozen=True)
class AuditPage:
    """One screen of events with "newer" and "older" keyset cursors (sequence numbers)."""

    events: list[AuditEvent]
    newer_than: int | None  # pass as ?after= to see newer events, None on the newest page
    older_than: int | None  # pass as ?before= to see older events, None on the oldest page
    count: int
    count_is_capped: bool


def audit_page(
    events: QuerySet[AuditEvent], *, before: int | None = None, after: int | None = None, size: int = AUDIT_PAGE_SIZE
) -> AuditPage:
    """A page of events (newest first) by sequence keyset: cheap at any depth of a long log."""
    if after is not None:
        page = list(events.filter(sequence__gt=after).order_by("sequence")[:size])[::-1]
    elif before is not None:
        page = list(events.filter(sequence__lt=before)[:size])
    else:
        page = list(events[:size])
    newest, oldest = (page[0].sequence, page[-1].sequence) if page else (None, None)
    count = events.order_by()[: AUDIT_COUNT_CAP + 1].count()
    return AuditPage(
        events=page,
        newer_than=newest if page and events.filter(sequence__gt=newest).exists() else None,
        older_than=oldest if page and events.filter(sequence__lt=oldest).exists() else None,
        count=min(count, AUDIT_COUNT_CAP),
        count_is_capped=count > AUDIT_COUNT_CAP,
    )


def _readable(value) -> str | None:
    """A change value as text: strings as they are, None kept (shown as a dash), the rest as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def change_rows(changes) -> list[tuple[str, str | None, str | None]]:
    """(field, before, after) rows of an event's changes; a value that is not a [before, after] pair is an "after"."""
    if not isinstance(changes, dict):
        return [("", None, _readable(changes))]
    rows = []
    for field, value in changes.items():
        before, after = value if isinstance(value, list) and len(value) == 2 else (None, value)
        rows.append((field, _readable(before), _readable(after)))
    return rows


def recent_activity(obj, limit: int = RECENT_ACTIVITY_LIMIT) -> list:
    """The object's last activity lines, newest first, with the events of the objects about it
    (`core.activity`; `_activity.html` shows them)."""
    return activity_lines(obj, limit)


# Members and tokens ----------------------------------------------------------------------


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Memberships with their users and how many active API tokens each holds."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(active_tokens=Count("api_tokens", filter=Q(api_tokens__revoked_at__isnull=True)))
        .order_by("user__username")
    )


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.open().filter(organisation=organisation).select_related("invited_by").order_by("created_at")
    )


def member_choices(organisation: Organisation) -> QuerySet[Membership]:
    """The members offered in choice lists (business owner, deadline owner...), by username."""
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__username")


def tokens_of(membership: Membership) -> QuerySet[ApiToken]:
    """A member's tokens, active ones first."""
    return ApiToken.objects.filter(membership=membership).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at"
    )


def active_tokens_of_others(membership: Membership) -> QuerySet[ApiToken]:
    """Other members' active tokens in the same organisation (owners may revoke them)."""
    return (
        ApiToken.objects.filter(membership__organisation=membership.organisation_id, revoked_at__isnull=True)
        .exclude(membership=membership)
        .select_related("membership__user")
        .order_by("membership__user__username", "-created_at")
    )
