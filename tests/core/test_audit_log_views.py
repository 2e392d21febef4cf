"""The audit log pages: list with filters and keyset pages, event detail, CSV export."""

import csv
import io
import json

import pytest
from django.urls import reverse
from freezegun import freeze_time

from core import selectors
from core.access import Actor
from core.audit import record
from core.exporters import AuditEventExporter
from core.models import Role
from tests.core.conftest import tamper

VIEWERS = [Role.OWNER, Role.COMPLIANCE, Role.LEGAL, Role.APPROVER, Role.AUDITOR]


def page_of(client, **params):
    response = client.get(reverse("audit_log"), params)
    assert response.status_code == 200
    return response


def shown(response) -> list[int]:
    """Sequences of the events on the page, in page order."""
    page = response.context["page"]
    return [event.sequence for event in page.events] if page else []


def export(client, **params) -> list[list[str]]:
    response = client.get(reverse("audit_log_export"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def variety(members, owner_actor):
    """Five events of different actors, actions and objects."""
    carol = Actor.for_member(members[Role.COMPLIANCE])
    rita = members[Role.REQUESTER]
    return [
        record(owner_actor, "vendors.vendor.created", rita, label="Acme AI Ltd"),
        record(carol, "vendors.vendor.updated", rita, label="Acme AI Ltd", changes={"name": ["Acme", "Acme AI Ltd"]}),
        record(carol, "vendors.ai_system.created", members[Role.LEGAL], label="CV screener"),
        record(owner_actor, "core.membership.role_changed", members[Role.AUDITOR], label="audrey"),
        record(Actor.system(rita.organisation, "reminders"), "deadlines.calendar_feed.rotated", label="DPA due"),
    ]


# Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_it_shows_the_log_to_every_role_that_may_view_it(login, members, variety, role):
    response = page_of(login(members[role]))
    assert shown(response) == [5, 4, 3, 2, 1]


def test_it_refuses_requesters_everywhere(login, members, variety):
    client = login(members[Role.REQUESTER])
    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("audit_log_export")).status_code == 403
    assert client.get(reverse("audit_event", args=[variety[0].pk])).status_code == 403


def test_it_hides_our_events_from_an_outsider(login, outsider, variety):
    record(Actor.for_member(outsider), "vendors.vendor.created", label="Their vendor")
    client = login(outsider)
    response = page_of(client)
    assert shown(response) == [1]
    assert "Acme AI Ltd" not in response.content.decode()
    assert client.get(reverse("audit_event", args=[variety[0].pk])).status_code == 404
    rows = export(client)
    assert [row[8] for row in rows[1:]] == ["Their vendor"]


def test_it_says_what_to_expect_when_nothing_was_recorded(login, owner):
    response = page_of(login(owner))
    assert "Nothing has been recorded yet" in response.content.decode()


# Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "vendors."}, [3, 2, 1]),
        ({"action": "vendors.vendor."}, [2, 1]),
        ({"action": "core.membership.role_changed"}, [4]),
        ({"actor_label": "CAR"}, [3, 2]),
        ({"actor_label": "system:"}, [5]),
        ({"object_label": "acme ai"}, [2, 1]),
        ({"object_type": "core.membership"}, [4, 3, 2, 1]),
        ({"action": "vendors.", "actor_label": "alice"}, [1]),
    ],
)
def test_it_filters_events(login, owner, variety, params, expected):
    assert shown(page_of(login(owner), **params)) == expected


def test_it_filters_by_member_and_by_object(login, owner, members, variety):
    client = login(owner)
    carol = members[Role.COMPLIANCE]
    assert shown(page_of(client, actor=carol.user_id)) == [3, 2]
    rita = members[Role.REQUESTER]
    assert shown(page_of(client, object_type="core.membership", object_id=rita.pk)) == [2, 1]


def test_it_counts_whole_days_in_the_organisations_time_zone(login, owner, logged):
    # Acme works in Europe/Berlin (UTC+1 in March).
    with freeze_time("2026-03-01 22:30:00"):  # 23:30 on 1 March in Berlin
        logged(1)
    with freeze_time("2026-03-01 23:30:00"):  # 00:30 on 2 March in Berlin
        logged(1)
    with freeze_time("2026-03-03 12:00:00"):
        logged(1)
    client = login(owner)
    assert shown(page_of(client, date_from="2026-03-01", date_to="2026-03-01")) == [1]
    assert shown(page_of(client, date_from="2026-03-02", date_to="2026-03-02")) == [2]
    assert shown(page_of(client, date_from="2026-03-02")) == [3, 2]
    assert shown(page_of(client, date_to="2026-03-02")) == [2, 1]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "date_to", "The end date is before the start date."),
        ({"date_from": "2026-13-01"}, "date_from", "Enter a valid date."),
        ({"date_to": "9999-12-31"}, "date_to", "Enter a date before the year 3000."),
        (
            {"actor": "not-a-member"},
            "actor",
            "Select a valid choice. not-a-member is not one of the available choices.",
        ),
    ],
)
def test_it_explains_bad_filters_and_lists_nothing(login, owner, variety, params, field, message):
    client = login(owner)
    response = page_of(client, **params)
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert shown(response) == []
    export_response = client.get(reverse("audit_log_export"), params)
    assert export_response.status_code == 400
    assert message in export_response.content.decode()


# Pages -----------------------------------------------------------------------------------


def test_it_pages_older_and_newer_by_sequence(login, owner, logged):
    logged(30)
    client = login(owner)
    first = page_of(client)
    assert shown(first) == list(range(30, 5, -1))
    assert first.context["page"].newer_than is None
    older = page_of(client, before=first.context["page"].older_than)
    assert shown(older) == [5, 4, 3, 2, 1]
    assert older.context["page"].older_than is None
    newer = page_of(client, after=older.context["page"].newer_than)
    assert shown(newer) == list(range(30, 5, -1))
    assert "?before=6" in first.content.decode()


def test_it_keeps_filters_when_paging(login, owner, logged):
    logged(30, action="vendors.vendor.updated")
    logged(5, action="tests.thing.done")
    first = page_of(login(owner), action="vendors.")
    assert shown(first) == list(range(30, 5, -1))
    assert "?action=vendors.&amp;before=6" in first.content.decode()


def test_it_caps_the_count_of_a_long_log(login, owner, logged, monkeypatch):
    monkeypatch.setattr(selectors, "AUDIT_COUNT_CAP", 3)
    logged(5)
    response = page_of(login(owner))
    assert "More than 3 events" in response.content.decode()


def test_it_keeps_the_query_count_flat(login, owner, logged, django_assert_max_num_queries):
    client = login(owner)
    logged(3)
    page_of(client)
    logged(40)
    with django_assert_max_num_queries(12):
        page_of(client, action="tests.")


# Detail ----------------------------------------------------------------------------------


def test_it_shows_an_events_changes_as_a_table(login, members, variety):
    response = login(members[Role.AUDITOR]).get(reverse("audit_event", args=[variety[1].pk]))
    assert response.status_code == 200
    assert response.context["rows"] == [("name", "Acme", "Acme AI Ltd")]
    page = response.content.decode()
    assert '<th scope="row">name</th>' in page
    assert "Content matches its hash" in page and "Linked to the previous event" in page
    assert variety[1].hash in page


def test_it_flags_an_altered_event(login, owner, variety):
    tamper("UPDATE core_auditevent SET object_label = %s WHERE id = %s", ("Someone else", variety[1].pk))
    page = login(owner).get(reverse("audit_event", args=[variety[1].pk])).content.decode()
    assert "Content does not match its hash" in page


def test_it_404s_an_unknown_event(login, owner):
    assert login(owner).get(reverse("audit_event", args=[999999])).status_code == 404


# CSV -------------------------------------------------------------------------------------


def test_it_exports_the_filtered_log_as_csv(login, owner, variety):
    rows = export(login(owner), action="vendors.")
    assert rows[0] == AuditEventExporter().column_keys()
    assert [int(row[0]) for row in rows[1:]] == [1, 2, 3]  # chain order
    updated = dict(zip(rows[0], rows[2], strict=True))
    event = variety[1]
    assert updated["timestamp_utc"] == event.created_at.isoformat()
    assert updated["timestamp_utc"].endswith("+00:00")
    assert (updated["actor_type"], updated["actor"], updated["action"]) == ("user", "carol", "vendors.vendor.updated")
    assert updated["sentence"] == "Edited the vendor Acme AI Ltd"
    assert (updated["object_type"], updated["object_id"], updated["object_label"]) == (
        "core.membership",
        event.object_id,
        "Acme AI Ltd",
    )
    assert json.loads(updated["changes"]) == {"name": ["Acme", "Acme AI Ltd"]}
    assert (updated["prev_hash"], updated["hash"]) == (variety[0].hash, event.hash)


def test_it_defuses_spreadsheet_formulas_in_labels(login, owner, owner_actor):
    record(owner_actor, "vendors.vendor.created", label='=HYPERLINK("http://evil.test")')
    rows = export(login(owner))
    assert rows[1][8] == '\'=HYPERLINK("http://evil.test")'


def test_it_defuses_every_text_cell_including_the_request_id(login, owner, owner_actor):
    """Issue 16 item 6: a request id "-2-3" was shown as -5 by spreadsheet programs."""
    event = record(owner_actor, "vendors.vendor.created", label="Acme; Beta")
    # Past the append-only trigger (PostgreSQL): the values a request could have carried.
    tamper("UPDATE core_auditevent SET request_id = %s, actor_label = %s WHERE id = %s", ("-2-3", "@alice", event.pk))
    response = login(owner).get(reverse("audit_log_export"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    named = dict(zip(rows[0], rows[1], strict=True))
    assert (named["request_id"], named["actor"]) == ("'-2-3", "'@alice")
    assert '"Acme; Beta"' in body  # quoted, so a semicolon-separated reader keeps it one cell
    assert body.endswith("\r\n")


@pytest.mark.parametrize("role", VIEWERS)
def test_it_exports_to_every_role_that_may_view_the_log(login, members, variety, role):
    assert len(export(login(members[role]))) == 1 + len(variety)


def test_the_log_reads_as_sentences_beside_the_codes_and_links_to_the_object(login, owner, variety):
    content = page_of(login(owner)).content.decode()
    assert "Edited the vendor Acme AI Ltd" in content and "vendors.<wbr>vendor.<wbr>updated" in content
    assert f'href="/vendors/{variety[1].object_id}/">Edited the vendor Acme AI Ltd</a>' in content
    assert "Changed the role of audrey" in content


def test_the_action_filter_offers_sentences_and_prefixes(login, owner, variety):
    response = page_of(login(owner), action="vendors.vendor.updated")
    assert shown(response) == [2]
    content = response.content.decode()
    assert '<option value="vendors.vendor.updated" selected>Edited the vendor …</option>' in content
    assert '<option value="vendors.">Anything in Vendors' in content


def test_an_unknown_action_filter_is_a_field_error(login, owner, variety):
    response = page_of(login(owner), action="vendors.vendor.teleported")
    assert "action" in response.context["form"].errors
