"""The deadline pages and API: every member has "My deadlines", owners and compliance officers see all,
nobody sees another organisation's deadlines."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from core.models import Role
from deadlines.models import DigestFrequency, ReminderPolicy, ReminderPreference
from tests.deadlines.conftest import NOW, TODAY, make_deadline

pytestmark = pytest.mark.django_db

PAGES = ["deadlines:deadline_list", "deadlines:calendar", "deadlines:preferences", "deadlines:calendar_feed"]


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_every_member_opens_the_pages(login, members, role, name):
    assert login(members[role]).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    assert client.get(reverse(name)).status_code == 302


def test_my_deadlines_are_mine_overdue_first_with_readable_dates(login, deadline_due, members):
    deadline_due(400, title="Later")
    deadline_due(-3, title="Overdue")
    deadline_due(5, title="Someone else's", owner=members[Role.LEGAL])

    response = login(members[Role.OWNER]).get(reverse("deadlines:deadline_list"))

    assert [d.title for d in response.context["page_obj"]] == ["Overdue", "Later"]
    assert "6 Dec 2028 (in 400 days)" in response.text
    assert "30 Oct 2027 (3 days ago)" in response.text


@pytest.mark.parametrize(("role", "sees_all"), [(Role.OWNER, True), (Role.COMPLIANCE, True), (Role.LEGAL, False)])
def test_owners_and_compliance_officers_see_every_deadline(login, deadline_due, members, role, sees_all):
    deadline_due(5, owner=members[Role.REQUESTER])

    response = login(members[role]).get(reverse("deadlines:deadline_list"), {"scope": "all"})

    assert len(response.context["page_obj"]) == (1 if sees_all else 0)


def test_compliance_officers_own_the_unowned(login, deadline_due, carol):
    deadline_due(5, owner=None)

    assert len(login(carol).get(reverse("deadlines:deadline_list")).context["page_obj"]) == 1


def test_the_list_filters(login, deadline_due, owner, system):
    deadline_due(-3, title="Overdue")
    deadline_due(3, title="Soon", ai_system=system)
    client = login(owner)

    def titles(**query):
        return [d.title for d in client.get(reverse("deadlines:deadline_list"), query).context["page_obj"]]

    assert titles(overdue="true") == ["Overdue"]
    assert titles(overdue="false") == ["Soon"]
    assert titles(ai_system=system.pk) == ["Soon"]
    assert titles(kind="regulatory") == []


def test_an_outsider_sees_none_of_our_deadlines(login, deadline_due, outsider):
    deadline_due(5, owner=None)

    for scope in ("mine", "all"):
        response = login(outsider).get(reverse("deadlines:deadline_list"), {"scope": scope})
        assert len(response.context["page_obj"]) == 0
    assert "Security whitepaper" not in login(outsider).get(reverse("deadlines:calendar")).text


def test_the_calendar_shows_the_month_and_moves_between_months(login, owner, deadline_due):
    deadline_due(5, title="In November")
    deadline_due(40, title="In December")
    client = login(owner)

    november = client.get(reverse("deadlines:calendar"))
    december = client.get(reverse("deadlines:calendar"), {"month": "2027-12"})

    assert "In November" in november.text and "In December" not in november.text
    assert "In December" in december.text
    assert "month=2027-12" in november.text and "Dec 2027 ›" in november.text
    assert "month=2027-10" in november.text and "‹ Oct 2027" in november.text
    assert all(len(week) == 7 for week in november.context["weeks"])


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "abc"])
def test_a_month_out_of_range_shows_this_month_instead_of_failing(login, owner, month):
    response = login(owner).get(reverse("deadlines:calendar"), {"month": month})

    assert response.status_code == 200
    assert response.context["month"] == TODAY.replace(day=1)


def test_a_member_chooses_their_reminders(login, carol):
    response = login(carol).post(
        reverse("deadlines:preferences"), {"form": "preference", "digest": "daily", "days_before": ["7"]}
    )

    assert response.status_code == 302
    assert ReminderPreference.objects.get(membership=carol).days_before == [7]


def test_a_member_turns_reminders_off(login, carol):
    login(carol).post(reverse("deadlines:preferences"), {"form": "preference", "digest": "none"})

    assert ReminderPreference.objects.get(membership=carol).digest == DigestFrequency.NONE


def test_a_member_cannot_choose_days_the_organisation_does_not_offer(login, carol):
    response = login(carol).post(
        reverse("deadlines:preferences"), {"form": "preference", "digest": "daily", "days_before": ["3"]}
    )

    assert response.status_code == 200
    assert not ReminderPreference.objects.exists()


@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 302), (Role.COMPLIANCE, 403), (Role.AUDITOR, 403)])
def test_only_owners_set_the_organisation_reminders(login, members, role, status):
    data = {"form": "policy", "days_before": "14, 3", "on_the_day": "on", "overdue_every_days": 3}
    response = login(members[role]).post(reverse("deadlines:preferences"), {**data, "escalate_after_days": 9})

    assert response.status_code == status
    assert ReminderPolicy.objects.filter(days_before=[14, 3]).exists() == (status == 302)


def test_reminder_settings_changes_are_audited(login, owner):
    from core.models import AuditEvent

    login(owner).post(reverse("deadlines:preferences"), {"form": "preference", "digest": "none"})

    assert AuditEvent.objects.filter(action="deadlines.reminder_preference.updated").exists()


def test_an_outsider_changes_only_their_own_preferences(login, outsider, owner):
    login(outsider).post(reverse("deadlines:preferences"), {"form": "preference", "digest": "none"})

    assert list(ReminderPreference.objects.values_list("membership", flat=True)) == [outsider.pk]


# API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_api(api_client_for, members, deadline_due, role):
    deadline = deadline_due(-3)
    client = api_client_for(members[role])

    body = client.get("/api/v1/deadlines/").json()
    assert [row["id"] for row in body["results"]] == [deadline.pk]
    assert body["results"][0]["is_overdue"] is True
    assert client.get(f"/api/v1/deadlines/{deadline.pk}/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(api_client_for, owner, deadline_due, method):
    deadline = deadline_due(3)
    url = "/api/v1/deadlines/" if method == "post" else f"/api/v1/deadlines/{deadline.pk}/"

    assert getattr(api_client_for(owner), method)(url, {}, format="json").status_code == 405


def test_an_outsider_gets_nothing_from_the_api(api_client_for, outsider, deadline_due):
    deadline = deadline_due(3)
    client = api_client_for(outsider)

    assert client.get("/api/v1/deadlines/").json()["results"] == []
    assert client.get(f"/api/v1/deadlines/{deadline.pk}/").status_code == 404


def test_the_api_filters(api_client_for, owner, deadline_due, system, members):
    deadline_due(-3, title="Overdue", owner=members[Role.LEGAL])
    deadline_due(3, title="Soon", ai_system=system, vendor=system.vendor)
    deadline_due(60, title="Later")
    make_deadline(owner.organisation, TODAY - dt.timedelta(days=1), title="Passed milestone", is_milestone=True)
    client = api_client_for(owner)

    def titles(**query):
        return sorted(row["title"] for row in client.get("/api/v1/deadlines/", query).json()["results"])

    assert titles(overdue="true") == ["Overdue"]
    assert titles(ai_system=system.pk) == titles(vendor=system.vendor.pk) == ["Soon"]
    assert titles(owner=members[Role.LEGAL].pk) == ["Overdue"]
    assert titles(due_after="2027-11-03", due_before="2028-01-01") == ["Later", "Soon"]
    assert titles(kind="regulatory") == []


def test_the_api_needs_authentication(client, deadline_due):
    assert client.get("/api/v1/deadlines/").status_code in (401, 403)
