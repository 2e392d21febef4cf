"""The API as the issue specifies it: create, read with `blocking`, decide → 409 with the blocking list."""

import pytest

from core.models import Role
from procurement.models import ProcurementRequest
from tests.compliance.conftest import classify
from tests.factories import AiSystemFactory
from tests.procurement.factories import ProcurementRequestFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/procurement-requests/"


def test_a_requester_creates_and_reads_a_request_with_its_blocking_list(api_client_for, members, system):
    client = api_client_for(members[Role.REQUESTER])
    response = client.post(
        URL,
        {"ai_system": system.pk, "business_need": "CV screening", "intended_users": "HR", "countries": ["DE"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "classification"
    assert body["blocking"] == [
        {
            "code": "classification_missing",
            "message": "The AI system has not been classified yet.",
            "stage": "classification",
        }
    ]
    detail = client.get(f"{URL}{body['id']}/").json()
    assert detail["blocking"] == body["blocking"]


def test_bad_input_is_a_field_error(api_client_for, members, outsider):
    client = api_client_for(members[Role.REQUESTER])
    foreign = AiSystemFactory(vendor__organisation=outsider.organisation)
    response = client.post(URL, {"ai_system": foreign.pk, "business_need": "x", "intended_users": "y"}, format="json")
    assert response.status_code == 400 and "ai_system" in response.json()["errors"]
    response = client.post(URL, {"ai_system": "abc"}, format="json")
    assert response.status_code == 400
    assert not ProcurementRequest.objects.exists()


def test_decide_answers_409_with_the_blocking_list(api_client_for, members, proc_request):
    response = api_client_for(members[Role.APPROVER]).post(
        f"{URL}{proc_request.pk}/decide/", {"decision": "approved", "reason": "ok"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["blocking"][0]["code"] == "classification_missing"


def test_decide_approves_once_gates_are_met(api_client_for, members, proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    response = api_client_for(members[Role.APPROVER]).post(
        f"{URL}{proc_request.pk}/decide/",
        {
            "decision": "approved_with_conditions",
            "reason": "ok",
            "conditions": [{"text": "Train users", "due_date": "2030-01-01", "owner": members[Role.LEGAL].pk}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == "approved_with_conditions"
    assert response.json()["stage"] == "decided"
    assert response.json()["conditions"][0]["text"] == "Train users"


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.LEGAL, Role.REQUESTER, Role.AUDITOR])
def test_decide_is_forbidden_to_other_roles(api_client_for, members, proc_request, role):
    response = api_client_for(members[role]).post(
        f"{URL}{proc_request.pk}/decide/", {"decision": "rejected", "reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_requesters_see_only_their_own_requests(api_client_for, members, proc_request, system):
    others = ProcurementRequestFactory(ai_system=system, requested_by=members[Role.COMPLIANCE])
    requester = api_client_for(members[Role.REQUESTER])
    assert [row["id"] for row in requester.get(URL).json()["results"]] == [proc_request.pk]
    assert requester.get(f"{URL}{others.pk}/").status_code == 404
    auditor = api_client_for(members[Role.AUDITOR])
    assert {row["id"] for row in auditor.get(URL).json()["results"]} == {proc_request.pk, others.pk}


def test_another_organisation_gets_404(api_client_for, outsider, proc_request):
    client = api_client_for(outsider)
    assert client.get(f"{URL}{proc_request.pk}/").status_code == 404
    assert (
        client.post(
            f"{URL}{proc_request.pk}/decide/", {"decision": "rejected", "reason": "x"}, format="json"
        ).status_code
        == 404
    )


def test_auditors_cannot_create(api_client_for, members, system):
    response = api_client_for(members[Role.AUDITOR]).post(
        URL, {"ai_system": system.pk, "business_need": "x", "intended_users": "y"}, format="json"
    )
    assert response.status_code == 403
