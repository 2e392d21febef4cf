"""API: /api/v1/duties/, /api/v1/frias/, /api/v1/trainings/ — roles, scoping, service validation."""

import pytest

from core.models import Role
from duties.models import FRIA_FIELDS, Duty, DutyStatus, Fria, Training
from tests.duties.conftest import CREDIT_SCORING, classify, days_ago

pytestmark = pytest.mark.django_db

WRITERS = [Role.OWNER, Role.COMPLIANCE]
READERS = [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR]


@pytest.fixture
def duties(system, owner_actor):
    classify(system, owner_actor, CREDIT_SCORING)
    return {duty.code: duty for duty in Duty.objects.filter(ai_system=system)}


@pytest.mark.parametrize("role", WRITERS + READERS)
def test_every_role_lists(role, members, api_client_for, duties):
    client = api_client_for(members[role])
    listed = client.get("/api/v1/duties/", {"status": "open"}).json()
    assert {item["code"] for item in listed["results"]} >= {"fria", "human_oversight"}
    assert client.get("/api/v1/frias/").status_code == 200
    assert client.get("/api/v1/trainings/").status_code == 200


@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_cannot_write(role, members, api_client_for, duties, system):
    client = api_client_for(members[role])
    duty = duties["persons_informed"]
    assert client.patch(f"/api/v1/duties/{duty.pk}/", {"status": "in_progress"}, format="json").status_code == 403
    assert client.post("/api/v1/frias/", {"ai_system": system.pk}, format="json").status_code == 403
    training = {"member": members[role].pk, "title": "AI basics", "taken_on": "2026-01-05"}
    assert client.post("/api/v1/trainings/", training, format="json").status_code == 403


def test_other_organisation_gets_404_and_unknown_ids(outsider, api_client_for, duties, system, members):
    client = api_client_for(outsider)
    duty = duties["fria"]
    assert client.get(f"/api/v1/duties/{duty.pk}/").status_code == 404
    assert client.patch(f"/api/v1/duties/{duty.pk}/", {"note": "x"}, format="json").status_code == 404
    response = client.post("/api/v1/frias/", {"ai_system": system.pk}, format="json")
    assert response.status_code == 400 and "ai_system" in response.json()["errors"]
    training = {"member": members[Role.OWNER].pk, "title": "AI basics", "taken_on": "2026-01-05"}
    assert "member" in client.post("/api/v1/trainings/", training, format="json").json()["errors"]


def test_fria_journey_over_the_api(members, api_client_for, duties, system):
    client = api_client_for(members[Role.COMPLIANCE])
    fria = client.post("/api/v1/frias/", {"ai_system": system.pk}, format="json").json()
    texts = {field: f"{field} text" for field in FRIA_FIELDS}
    assert client.patch(f"/api/v1/frias/{fria['id']}/", texts, format="json").status_code == 200
    submitted = client.post(
        f"/api/v1/frias/{fria['id']}/submit/", {"reviewers": [members[Role.LEGAL].pk]}, format="json"
    )
    assert submitted.json()["status"] == "in_review"
    assert client.post(f"/api/v1/frias/{fria['id']}/approve/").json()["status"] == "approved"
    assert Duty.objects.get(pk=duties["fria"].pk).status == DutyStatus.DONE
    notified = client.post(
        f"/api/v1/frias/{fria['id']}/notify/", {"authority": "BaFin", "sent_on": days_ago(0).isoformat()}, format="json"
    )
    assert notified.json()["notified_on"] == days_ago(0).isoformat()
    reopened = client.post(f"/api/v1/frias/{fria['id']}/reopen/", {"reason": "Vendor changed the model"}, format="json")
    assert reopened.status_code == 201 and reopened.json()["version"] == 2
    assert Fria.objects.filter(ai_system=system).count() == 2


def test_duty_record_and_status_over_the_api(members, api_client_for, duties):
    client = api_client_for(members[Role.OWNER])
    logs = duties["monitoring_and_logs"]
    record = {
        "retention_months": 2,
        "location": "SIEM",
        "reviewer": members[Role.OWNER].pk,
        "review_frequency": "weekly",
    }
    refused = client.post(f"/api/v1/duties/{logs.pk}/record/", {"record": record}, format="json")
    assert refused.status_code == 400 and "retention_months" in refused.json()["errors"]
    done = client.post(
        f"/api/v1/duties/{logs.pk}/record/", {"record": {**record, "retention_months": 12}}, format="json"
    )
    assert done.json()["status"] == "done" and done.json()["record"]["retention_months"] == 12
    dpia = duties["dpia"]
    refused = client.patch(f"/api/v1/duties/{dpia.pk}/", {"status": "done"}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()["errors"]
    wrong_type = client.patch(f"/api/v1/duties/{dpia.pk}/", {"owner": "abc"}, format="json")
    assert wrong_type.status_code == 400


def test_trainings_over_the_api(members, api_client_for):
    client = api_client_for(members[Role.OWNER])
    body = {"member": members[Role.LEGAL].pk, "title": "AI Act for lawyers", "taken_on": days_ago(10).isoformat()}
    created = client.post("/api/v1/trainings/", body, format="json")
    assert created.status_code == 201
    future = client.post("/api/v1/trainings/", {**body, "taken_on": "2999-01-01"}, format="json")
    assert future.status_code == 400 and "taken_on" in future.json()["errors"]
    assert client.delete(f"/api/v1/trainings/{created.json()['id']}/").status_code == 204
    assert not Training.objects.exists()
