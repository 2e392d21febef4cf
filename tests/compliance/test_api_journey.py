"""One high-risk system taken through /api/v1/ only, with a personal token: from nothing requested to every
document verified and no open critical flag. At each step a bad input is refused with a field-level 400."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assessments.demo import DEMO_ANSWERS
from assessments.services import classification_save
from compliance.models import Document
from compliance.red_flags import RULES
from core.access import Actor
from core.models import Role
from core.services import api_token_create
from tests.compliance.conftest import DECLARATION_FACTS, PDF_BYTES

pytestmark = pytest.mark.django_db

API = "/api/v1"
# What each document must say for its own red flags to stay quiet.
FACTS = {
    "eu_declaration_of_conformity": {**DECLARATION_FACTS, "issued_on": "2026-03-01"},
    "ce_marking_evidence": {"ce_marking": "digital"},
    "eu_database_registration": {"registration_id": "EU-DB-2026-000123"},
}


@pytest.fixture
def client(members):
    _, raw_value = api_token_create(actor=Actor.for_member(members[Role.COMPLIANCE]), name="journey")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw_value}")
    return api


@pytest.fixture
def system(members, system):
    system.processes_personal_data = True
    system.save()
    answers = DEMO_ANSWERS["TalentLens Screen"]
    classification_save(actor=Actor.for_member(members[Role.COMPLIANCE]), ai_system=system, answers=answers)
    return system


def refused(response, field: str) -> list:
    assert response.status_code == 400, response.content
    return response.json()["errors"][field]


def post_json(client, path: str, data) -> object:
    return client.post(f"{API}/{path}", data, format="json")


def take_through(client, request: dict) -> None:
    """Upload, facts, checklist and verification of one requested document, refusing a bad input at each step."""
    fake = SimpleUploadedFile("report.pdf", b"Plain text, not a PDF.\n")
    assert (
        "rename it"
        in refused(
            client.post(f"{API}/documents/", {"request": request["id"], "file": fake}, format="multipart"), "file"
        )[0]
    )
    real = SimpleUploadedFile(f"{request['document_type']}.pdf", PDF_BYTES)
    uploaded = client.post(f"{API}/documents/", {"request": request["id"], "file": real}, format="multipart")
    assert uploaded.status_code == 201, uploaded.json()
    document = uploaded.json()["id"]

    assert refused(post_json(client, f"documents/{document}/verify/", {}), "checklist")

    bad_dates = {"valid_from": "2026-05-01", "valid_until": "2026-01-01"}
    assert refused(post_json(client, f"documents/{document}/facts/", bad_dates), "valid_until")
    assert refused(post_json(client, f"documents/{document}/facts/", {"issued_on": "31/02/2026"}), "issued_on")
    facts = {"issuer": "TalentLens GmbH", **FACTS.get(request["document_type"], {})}
    recorded = post_json(client, f"documents/{document}/facts/", facts)
    assert recorded.status_code == 200 and recorded.json()["facts_recorded_at"], recorded.json()

    items = client.get(f"{API}/documents/{document}/checklist/").json()["items"]
    first = items[0]["item_id"]
    assert refused(
        post_json(client, f"documents/{document}/checklist/", {"results": [{"item_id": first, "outcome": "fail"}]}),
        first,
    )
    marks = [{"item_id": item["item_id"], "outcome": "pass" if item["mandatory"] else "na"} for item in items]
    state = post_json(client, f"documents/{document}/checklist/", {"results": marks})
    assert state.status_code == 200 and state.json()["verification_blockers"] == []

    verified = post_json(client, f"documents/{document}/verify/", {})
    assert verified.status_code == 200 and verified.json()["verified_at"] and verified.json()["next_review_on"]


def test_a_high_risk_system_from_nothing_requested_to_all_verified(client, system, other_organisation):
    assert refused(post_json(client, "document-requests/request-missing/", {"ai_system": 999_999}), "ai_system")
    asked = post_json(client, "document-requests/request-missing/", {"ai_system": system.pk})
    assert asked.status_code == 201, asked.json()
    requests = asked.json()
    assert {r["document_type"] for r in requests} >= {"eu_declaration_of_conformity", "soc2_report"}
    assert all(r["status"] == "requested" and r["due_date"] for r in requests)
    critical = client.get(f"{API}/red-flags/", {"ai_system": system.pk, "state": "open"}).json()
    assert any(flag["code"] == "declaration_missing" for flag in critical["results"])

    for request in requests:
        take_through(client, request)

    statuses = client.get(f"{API}/document-requests/", {"page_size": 100}).json()["results"]
    assert {r["status"] for r in statuses} == {"verified"}
    assert Document.objects.count() == len(requests)  # refused uploads stored nothing
    assert client.get(f"{API}/red-flags/", {"severity": "critical", "state": "open"}).json()["count"] == 0
    # Every document flag is cleared; what remains is our own work as deployer (flags of later apps' rules).
    still_open = client.get(f"{API}/red-flags/", {"ai_system": system.pk, "state": "open"}).json()["results"]
    assert not {flag["code"] for flag in still_open} & {rule.code for rule in RULES}
    assert post_json(client, "document-requests/request-missing/", {"ai_system": system.pk}).json() == []
