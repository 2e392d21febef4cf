"""The compliance API: same access rules as the pages, writes through the services."""

import pytest
from freezegun import freeze_time

from compliance import services
from compliance.models import Document, DocumentRequest, FlagState, RedFlag
from core.models import AuditEvent, Role
from tests.compliance.conftest import PDF_BYTES, pdf_upload, request_for, upload

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def requested(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    return request_for(system, "eu_declaration_of_conformity")


@pytest.fixture
def flag(requested):
    return RedFlag.objects.get(ai_system=requested.ai_system, code="declaration_missing")


@pytest.fixture
def received(compliance_actor, requested):
    return upload(compliance_actor, request_for(requested.ai_system, "instructions_for_use"))


@pytest.fixture
def bodies():
    services.notified_bodies_upsert(
        [{"number": "9901", "name": "Example", "country": "DE", "ai_act": True, "status": "active"}]
    )


@pytest.mark.parametrize("path", ["document-requests/", "documents/", "red-flags/", "notified-bodies/"])
@pytest.mark.parametrize("role", [Role.OWNER, Role.AUDITOR])
def test_members_list(api_client_for, members, role, path, received, bodies):
    response = api_client_for(members[role]).get(f"{API}/{path}")

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_an_outsider_sees_none_of_ours_and_gets_404_on_one(api_client_for, outsider, requested, flag):
    client = api_client_for(outsider)

    assert client.get(f"{API}/document-requests/").json()["count"] == 0
    assert client.get(f"{API}/red-flags/").json()["count"] == 0
    assert client.get(f"{API}/document-requests/{requested.pk}/").status_code == 404
    assert client.get(f"{API}/red-flags/{flag.pk}/").status_code == 404
    assert client.post(f"{API}/red-flags/{flag.pk}/accept/", {"justification": "x"}).status_code == 404


def test_filtering_documents_by_another_organisations_request_tells_nothing(api_client_for, owner, outsider, received):
    """An id of another organisation's request is refused exactly like an id that does not exist."""
    client = api_client_for(outsider)
    theirs = client.get(f"{API}/documents/", {"request": received.request_id})
    missing = client.get(f"{API}/documents/", {"request": 10**9})

    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == missing.json()
    mine = api_client_for(owner).get(f"{API}/documents/", {"request": received.request_id}).json()
    assert [row["id"] for row in mine["results"]] == [received.pk]


def test_the_owner_requests_one_document(api_client_for, owner, system, high_risk):
    response = api_client_for(owner).post(
        f"{API}/document-requests/", {"ai_system": system.pk, "document_type": "instructions_for_use"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "requested" and response.json()["due_date"]


def test_an_unknown_document_type_is_a_field_error(api_client_for, owner, system):
    response = api_client_for(owner).post(
        f"{API}/document-requests/", {"ai_system": system.pk, "document_type": "horoscope"}, format="json"
    )

    assert response.status_code == 400
    assert "document_type" in response.json()["errors"]
    assert not DocumentRequest.objects.exists()


def test_another_organisations_system_is_unknown(api_client_for, outsider, system):
    response = api_client_for(outsider).post(
        f"{API}/document-requests/", {"ai_system": system.pk, "document_type": "soc2_report"}, format="json"
    )

    assert response.status_code == 400
    assert not DocumentRequest.objects.exists()


def test_an_auditor_may_not_request_or_upload(api_client_for, auditor, system, requested):
    client = api_client_for(auditor)

    assert (
        client.post(f"{API}/document-requests/", {"ai_system": system.pk, "document_type": "fria"}).status_code == 403
    )
    assert (
        client.post(
            f"{API}/documents/", {"request": requested.pk, "file": pdf_upload()}, format="multipart"
        ).status_code
        == 403
    )


def test_the_owner_uploads_by_multipart(api_client_for, owner, requested):
    response = api_client_for(owner).post(
        f"{API}/documents/", {"request": requested.pk, "file": pdf_upload()}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1 and body["content_type"] == "application/pdf"
    assert body["download_url"].endswith(f"/compliance/documents/{body['id']}/download/")


def test_a_bad_upload_is_a_field_error_and_stores_nothing(api_client_for, owner, requested):
    response = api_client_for(owner).post(
        f"{API}/documents/", {"request": requested.pk, "file": pdf_upload("x.png", PDF_BYTES)}, format="multipart"
    )

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.AUDITOR])
def test_only_legal_and_owners_accept_risk(api_client_for, members, role, flag):
    response = api_client_for(members[role]).post(f"{API}/red-flags/{flag.pk}/accept/", {"justification": "ok"})

    assert response.status_code == 403


def test_legal_accepts_risk_with_a_justification(api_client_for, members, flag):
    client = api_client_for(members[Role.LEGAL])

    missing = client.post(f"{API}/red-flags/{flag.pk}/accept/", {"justification": ""}, format="json")
    accepted = client.post(f"{API}/red-flags/{flag.pk}/accept/", {"justification": "Pilot only."}, format="json")

    assert missing.status_code == 400 and "justification" in missing.json()["errors"]
    assert accepted.status_code == 200 and accepted.json()["state"] == FlagState.ACCEPTED


def test_red_flags_are_read_only(api_client_for, owner, flag):
    assert api_client_for(owner).delete(f"{API}/red-flags/{flag.pk}/").status_code == 405


def test_notified_bodies_are_read_by_number(api_client_for, auditor, bodies):
    assert api_client_for(auditor).get(f"{API}/notified-bodies/9901/").json()["name"] == "Example"


# Requests asked earlier ------------------------------------------------------------------


@freeze_time("2026-11-25 10:00")
def test_a_request_asked_earlier_is_due_ten_business_days_after_that_day(api_client_for, owner, system, high_risk):
    client = api_client_for(owner)

    one = client.post(
        f"{API}/document-requests/",
        {"ai_system": system.pk, "document_type": "instructions_for_use", "requested_on": "2026-10-21"},
        format="json",
    )
    missing = client.post(
        f"{API}/document-requests/request-missing/",
        {"ai_system": system.pk, "requested_on": "2026-11-18"},
        format="json",
    )

    assert one.status_code == 201, one.json()
    assert one.json()["due_date"] == "2026-11-04"
    assert missing.status_code == 201, missing.json()
    assert {row["due_date"] for row in missing.json()} == {"2026-12-02"}


@freeze_time("2026-11-25 10:00")
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("document-requests/", {"document_type": "instructions_for_use"}),
        ("document-requests/request-missing/", {}),
    ],
)
def test_a_request_dated_in_the_future_is_a_field_error(api_client_for, owner, system, high_risk, path, body):
    events = AuditEvent.objects.count()

    response = api_client_for(owner).post(
        f"{API}/{path}", {"ai_system": system.pk, "requested_on": "2026-11-26", **body}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["requested_on"]
    assert not DocumentRequest.objects.exists()
    assert AuditEvent.objects.count() == events
