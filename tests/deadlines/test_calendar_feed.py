"""The iCalendar subscription: a secret address per member, rotated on demand, with stable events."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from freezegun import freeze_time

from core.models import AuditEvent, Role
from deadlines.models import CalendarFeed, DeadlineKind
from deadlines.services import deadline_sync

pytestmark = pytest.mark.django_db


def subscribe(login, membership) -> str:
    response = login(membership).post(reverse("deadlines:calendar_feed_rotate"))
    assert response.status_code == 200
    return response.context["feed_url"].removeprefix("http://testserver")


def events_of(client, url) -> dict[str, icalendar.Event]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("role", list(Role))
def test_every_member_can_subscribe(login, members, role):
    url = subscribe(login, members[role])

    assert url.startswith("/deadlines/feed/") and url.endswith(".ics")
    assert CalendarFeed.objects.filter(membership=members[role]).count() == 1


def test_the_token_is_stored_only_as_a_hash(login, owner):
    url = subscribe(login, owner)
    token = url.removeprefix("/deadlines/feed/").removesuffix(".ics")

    assert token not in CalendarFeed.objects.get().token_hash
    assert login(owner).get(reverse("deadlines:calendar_feed")).context.get("feed_url") is None


def test_the_feed_lists_my_deadlines_as_all_day_events(client, login, owner, deadline_due, members):
    mine = deadline_due(7, title="Security whitepaper due")
    deadline_due(7, title="Not mine", owner=members[Role.LEGAL])
    url = subscribe(login, owner)
    client.logout()  # calendar apps send no session: the token is enough

    events = events_of(client, url)

    assert list(events) == [f"deadline-{mine.pk}@tracker.example"]
    event = events[f"deadline-{mine.pk}@tracker.example"]
    assert str(event["SUMMARY"]) == "Security whitepaper due"
    assert event.decoded("DTSTART") == mine.due_date and event.decoded("DTEND") == mine.due_date + dt.timedelta(days=1)
    assert str(event["URL"]) == "https://tracker.example/vendors/?org=acme"
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event


def test_a_moved_deadline_keeps_its_uid_and_is_newer(client, login, owner, system):
    def sync(due):
        return deadline_sync(
            organisation=owner.organisation,
            kind=DeadlineKind.DOCUMENT_REQUEST,
            source=system,
            due_date=due,
            title="Model card due",
            owner=owner,
        )

    with freeze_time("2027-11-01 09:00"):
        deadline = sync(dt.date(2027, 12, 1))
    uid = f"deadline-{deadline.pk}@tracker.example"
    url = subscribe(login, owner)
    before = events_of(client, url)
    with freeze_time("2027-11-02 09:00"):
        sync(dt.date(2027, 12, 1))  # unchanged: not rewritten
    assert events_of(client, url)[uid].decoded("LAST-MODIFIED") == before[uid].decoded("LAST-MODIFIED")
    with freeze_time("2027-11-03 09:00"):
        sync(dt.date(2027, 12, 15))

    after = events_of(client, url)

    assert list(after) == list(before)
    assert after[uid].decoded("DTSTART") == dt.date(2027, 12, 15)
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")


def test_rotating_invalidates_the_old_address(client, login, owner):
    old = subscribe(login, owner)
    new = subscribe(login, owner)

    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert AuditEvent.objects.filter(action="deadlines.calendar_feed.rotated").count() == 1


def test_an_unknown_token_is_a_404(client, db):
    assert client.get("/deadlines/feed/not-a-token.ics").status_code == 404


def test_a_deactivated_accounts_feed_stops_working(client, login, owner):
    url = subscribe(login, owner)
    client.logout()
    owner.user.is_active = False
    owner.user.save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_a_removed_members_feed_stops_working(client, login, owner, members):
    from core import services as core_services
    from core.access import Actor

    url = subscribe(login, members[Role.AUDITOR])
    core_services.member_remove(actor=Actor.for_member(owner), membership=members[Role.AUDITOR])

    assert client.get(url).status_code == 404


def test_a_feed_shows_only_its_members_organisation(client, login, outsider, deadline_due):
    deadline_due(3, owner=None)
    url = subscribe(login, outsider)

    assert events_of(client, url) == {}


def test_subscribing_needs_a_login_and_a_post(client, login, owner):
    assert client.post(reverse("deadlines:calendar_feed_rotate")).status_code == 302
    assert login(owner).get(reverse("deadlines:calendar_feed_rotate")).status_code == 405
