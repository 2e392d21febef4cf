"""Hour reminders of clocks: deadlines due at an instant (Deadline.due_at), such as an Art 73 report limit.

The daily run is too coarse for a two-day limit. This run, every 15 minutes, owes a
clock one reminder 24 hours before its limit, one 4 hours before and one when it
passes, each exactly once. It is the daily run with another way of finding what is
owed: the same claims (one unique ReminderClaim row per reminder, inserted before
sending), the same take-over of failed sends, one mail per recipient.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from core.emails import make_message
from core.models import Membership, Role
from deadlines.digest import Digest, absolute_url
from deadlines.models import Deadline, ThresholdKind
from deadlines.reminders import ReminderRun, RunResult, Team, chunked
from deadlines.schedule import Threshold

HOURS_BEFORE = (24, 4)
# A limit passed longer ago than this is no longer looked at (a run that was down that long missed it).
PASSED_WINDOW = dt.timedelta(days=2)


def clock_threshold(due_at: dt.datetime, now: dt.datetime) -> Threshold | None:
    """The reminder a clock is owed at `now`: the tightest threshold reached, or None.

    A clock first seen 3 hours before its limit gets the 4-hour reminder only: a late
    24-hour one would say less than the one that matters.
    """
    if due_at <= now:
        return Threshold(ThresholdKind.PASSED, 0)
    reached = [hours for hours in HOURS_BEFORE if due_at - now <= dt.timedelta(hours=hours)]
    return Threshold(ThresholdKind.HOURS_BEFORE, min(reached)) if reached else None


def send_clock_reminders(*, now: dt.datetime | None = None, dry_run: bool = False) -> RunResult:
    return ClockReminderRun(now or timezone.now(), dry_run=dry_run).run()


@dataclass
class ClockReminderRun(ReminderRun):
    def clocks_owed(self):
        horizon = self.now + dt.timedelta(hours=max(HOURS_BEFORE))
        return Deadline.objects.filter(due_at__gt=self.now - PASSED_WINDOW, due_at__lte=horizon)

    def claim_all(self) -> None:
        for chunk in chunked(self.clocks_owed(), self.batch_size):
            teams = teams_of({deadline.organisation_id for deadline in chunk})
            claims = [
                claim
                for deadline in chunk
                if (threshold := clock_threshold(deadline.due_at, self.now))
                for claim in self.claims_for(deadline, threshold, teams[deadline.organisation_id])
            ]
            self.claim(claims)

    def message(self, digest: Digest, connection) -> EmailMultiAlternatives:
        return clock_message(digest, self.now, connection)


class ClockTeam(Team):
    """A clock is a legal limit: without an owner, compliance and legal are both reminded."""

    def __init__(self, members: list[Membership]):
        super().__init__(members)
        self.legal = [m for m in members if m.role == Role.LEGAL]

    def recipients(self, deadline: Deadline, threshold: Threshold) -> list[Membership]:
        owner = self.by_id.get(deadline.owner_id)
        return [owner] if owner else [*self.compliance, *self.legal]


def teams_of(organisation_ids: set[int]) -> dict[int, Team]:
    """The team of each organisation, read in one query."""
    members = defaultdict(list)
    queryset = Membership.objects.filter(organisation_id__in=organisation_ids).select_related(
        "user", "reminder_preference"
    )
    for membership in queryset:
        members[membership.organisation_id].append(membership)
    return {organisation_id: ClockTeam(members[organisation_id]) for organisation_id in organisation_ids}


def time_left(due_at: dt.datetime, now: dt.datetime) -> str:
    """ "passed 2 hours ago", "in 3 hours 15 minutes" """
    minutes = int(abs((due_at - now).total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    span = " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if part)
    span = span or "less than a minute"
    return f"passed {span} ago" if due_at <= now else f"in {span}"


def clock_context(digest: Digest, now: dt.datetime) -> dict:
    zone = ZoneInfo(digest.organisation.time_zone)
    items = sorted(digest.items.values(), key=lambda item: item.deadline.due_at)
    rows = [
        {
            "title": item.deadline.title,
            "system": item.deadline.ai_system.name if item.deadline.ai_system else "",
            "due": f"{item.deadline.due_at.astimezone(zone):%d %b %Y %H:%M %Z}",
            "left": time_left(item.deadline.due_at, now),
            "passed": item.deadline.due_at <= now,
            "url": absolute_url(item.deadline.link or reverse("deadlines:deadline_list"), digest.organisation),
        }
        for item in items
    ]
    return {
        "name": digest.recipient.user.get_full_name() or digest.recipient.user.username,
        "organisation": digest.organisation,
        "items": rows,
        "passed_count": sum(row["passed"] for row in rows),
        "preferences_url": absolute_url(reverse("deadlines:preferences"), digest.organisation),
    }


def clock_message(digest: Digest, now: dt.datetime, connection=None) -> EmailMultiAlternatives:
    return make_message(
        "deadline_clock", [digest.recipient.user.email], clock_context(digest, now), connection=connection
    )
