"""The core API: /api/v1/audit-events/ (read-only, scoped, filtered) and /api/v1/me/, by session and by token."""

import pytest
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from core.access import Actor
from core.audit import record
from core.models import Role
from core.services import api_token_create, api_token_revoke

EVENTS = "/api/v1/audit-events/"
ME = "/api/v1/me/"


def token_client(raw_value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw_value}")
    return client


@pytest.fixture
def variety(members, owner_actor):
    carol = Actor.for_member(members[Role.COMPLIANCE])
    with freeze_time("2026-03-01 10:00:00"):
        record(owner_actor, "vendors.vendor.created", members[Role.LEGAL], label="Acme AI Ltd")
    with freeze_time("2026-03-02 10:00:00"):
        record(carol, "vendors.vendor.updated", members[Role.LEGAL], label="Acme AI Ltd", changes={"x": [1, 2]})
    with freeze_time("2026-03-03 10:00:00"):
        record(carol, "core.membership.role_changed", members[Role.AUDITOR], label="audrey")


def sequences(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [event["sequence"] for event in response.json()["results"]]


# Audit events ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OWNER, Role.COMPLIANCE, Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_it_lists_events_newest_first_to_roles_that_may_view_the_log(api_client_for, members, variety, role):
    response = api_client_for(members[role]).get(EVENTS)
    assert sequences(response) == [3, 2, 1]
    first = response.json()["results"][0]
    assert first["action"] == "core.membership.role_changed"
    assert (first["sentence"], first["link"]) == ("Changed the role of audrey", "/members/")
    assert set(first) >= {"hash", "prev_hash", "changes", "actor_label", "object_type", "object_id", "created_at"}


def test_it_refuses_requesters(api_client_for, members, variety):
    client = api_client_for(members[Role.REQUESTER])
    assert client.get(EVENTS).status_code == 403


def test_it_refuses_writes_to_the_log(api_client_for, owner, auditor, variety):
    event_id = api_client_for(owner).get(EVENTS).json()["results"][0]["id"]
    for client in (api_client_for(owner), api_client_for(auditor)):
        assert client.post(EVENTS, {"action": "forged"}).status_code == 405
        assert client.patch(f"{EVENTS}{event_id}/", {"action": "forged"}).status_code == 405
        assert client.delete(f"{EVENTS}{event_id}/").status_code == 405


def test_it_hides_our_events_from_an_outsider(api_client_for, owner, outsider, variety):
    ours = api_client_for(owner).get(EVENTS).json()["results"][0]["id"]
    record(Actor.for_member(outsider), "vendors.vendor.created", label="Their vendor")
    client = api_client_for(outsider)
    assert [e["object_label"] for e in client.get(EVENTS).json()["results"]] == ["Their vendor"]
    assert client.get(f"{EVENTS}{ours}/").status_code == 404


def test_it_reads_one_event(api_client_for, auditor, variety):
    client = api_client_for(auditor)
    event_id = client.get(EVENTS).json()["results"][1]["id"]
    response = client.get(f"{EVENTS}{event_id}/")
    assert response.status_code == 200
    assert response.json()["changes"] == {"x": [1, 2]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "vendors."}, [2, 1]),
        ({"action": "core."}, [3]),
        ({"actor_label": "CAROL"}, [3, 2]),
        ({"object_type": "core.membership"}, [3, 2, 1]),
        ({"created_from": "2026-03-02T00:00:00Z"}, [3, 2]),
        ({"created_before": "2026-03-02T10:00:00Z"}, [1]),
        ({"created_from": "2026-03-01T12:00:00+01:00", "created_before": "2026-03-03T00:00:00Z"}, [2]),
    ],
)
def test_it_filters_events(api_client_for, owner, variety, params, expected):
    assert sequences(api_client_for(owner).get(EVENTS, params)) == expected


def test_it_filters_by_object(api_client_for, owner, members, variety):
    params = {"object_type": "core.membership", "object_id": members[Role.AUDITOR].pk}
    assert sequences(api_client_for(owner).get(EVENTS, params)) == [3]


def test_it_explains_a_malformed_time(api_client_for, owner, variety):
    response = api_client_for(owner).get(EVENTS, {"created_from": "yesterday"})
    assert response.status_code == 400
    assert "created_from" in response.json()["errors"]


def test_it_pages_with_a_cursor(api_client_for, owner, variety):
    client = api_client_for(owner)
    first = client.get(EVENTS, {"page_size": 2}).json()
    assert [e["sequence"] for e in first["results"]] == [3, 2]
    second = client.get(first["next"]).json()
    assert [e["sequence"] for e in second["results"]] == [1]
    assert second["next"] is None


# Who am I and tokens ---------------------------------------------------------------------


def test_it_tells_a_session_who_and_where_it_is(api_client_for, auditor):
    response = api_client_for(auditor).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert (body["username"], body["role"], body["authenticated_by"]) == ("audrey", "auditor", "session")
    assert body["organisation"] == {
        "slug": "acme",
        "name": "Acme Buyer GmbH",
        "country": "DE",
        "time_zone": "Europe/Berlin",
    }
    assert body["capabilities"] == ["read", "view_audit"]


def test_it_authenticates_a_personal_token(auditor, variety):
    token, raw_value = api_token_create(actor=Actor.for_member(auditor), name="script")
    client = token_client(raw_value)
    me = client.get(ME)
    assert me.status_code == 200
    assert (me.json()["username"], me.json()["authenticated_by"]) == ("audrey", "token")
    assert sequences(client.get(EVENTS))[:3] == [4, 3, 2]  # event 4: the token's creation
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at <= timezone.now()


def test_it_keeps_a_tokens_role(members):
    _, raw_value = api_token_create(actor=Actor.for_member(members[Role.REQUESTER]), name="script")
    assert token_client(raw_value).get(EVENTS).status_code == 403


def test_it_refuses_a_revoked_token(auditor):
    token, raw_value = api_token_create(actor=Actor.for_member(auditor), name="script")
    api_token_revoke(actor=Actor.for_member(auditor), token=token)
    response = token_client(raw_value).get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token aat_made-up-value", "Token", "Token two parts", "Bearer aat_made-up"])
def test_it_refuses_a_wrong_token(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(ME).status_code == 401


def test_it_asks_anonymous_callers_for_a_token(db):
    for url in (EVENTS, ME):
        response = APIClient().get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


# Schema ----------------------------------------------------------------------------------


def test_it_documents_the_endpoints_in_the_schema(api_client_for, owner):
    response = api_client_for(owner).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/audit-events/", "/api/v1/audit-events/{id}/", "/api/v1/me/"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/audit-events/"]["get"]["parameters"]}
    assert {
        "action",
        "actor_label",
        "object_type",
        "object_id",
        "created_from",
        "created_before",
        "cursor",
    } <= parameters
