"""A member's deadlines as an iCalendar feed, for Outlook, Google or Apple calendars to subscribe to."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core.models import Membership
from deadlines.digest import absolute_url
from deadlines.models import Deadline


def event_uid(deadline: Deadline) -> str:
    """Stable for the deadline's life: a moved deadline updates its event instead of adding one."""
    return f"deadline-{deadline.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def deadline_event(deadline: Deadline, membership: Membership, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(deadline))
    event.add("dtstamp", stamp)
    event.add("last-modified", deadline.updated_at)
    event.add("summary", deadline.title)
    # All-day: a due date is a day of the organisation's calendar, not an instant.
    event.add("dtstart", deadline.due_date)
    event.add("dtend", deadline.due_date + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    url = absolute_url(deadline.link or reverse("deadlines:deadline_list"), membership.organisation)
    event.add("url", url)
    context = [deadline.get_kind_display()]
    context += [str(x) for x in (deadline.ai_system, deadline.vendor) if x]
    event.add("description", f"{' · '.join(context)}\n{url}")
    return event


def feed_calendar(membership: Membership, deadlines: QuerySet[Deadline]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//AI Act tracker//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Deadlines – {membership.organisation.name}")
    calendar.add("x-wr-timezone", membership.organisation.time_zone)
    stamp = timezone.now()
    for deadline in deadlines.iterator(chunk_size=2000):
        calendar.add_component(deadline_event(deadline, membership, stamp))
    return calendar.to_ical()
