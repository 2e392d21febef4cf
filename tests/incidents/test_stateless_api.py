"""POST /api/v1/incident-assessment/ and /api/v1/penalty-exposure/: stateless, any member, 400 on bad answers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import Role

pytestmark = pytest.mark.django_db

INCIDENT = {
    "incident.harms": ["fundamental_rights_infringement"],
    "incident.member_states": ["DE"],
    "incident.aware_at": "2028-03-02T09:30:00+01:00",
    "system.high_risk": True,
}


@pytest.mark.parametrize("role", list(Role))
def test_every_member_may_assess(api_client_for, members, role):
    response = api_client_for(members[role]).post("/api/v1/incident-assessment/", INCIDENT, format="json")
    assert response.status_code == 200
    assert response.json()["report_due_at"] == "2028-03-17T09:30:00+01:00"


def test_the_penalty_exposure_endpoint_computes_the_ceiling(api_client_for, auditor):
    body = {"infringement": "operator_obligation", "org.worldwide_turnover_eur": 20_000_000, "org.is_sme": True}
    response = api_client_for(auditor).post("/api/v1/penalty-exposure/", body, format="json")
    assert response.status_code == 200 and response.json()["max_fine_eur"] == 600_000


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/incident-assessment/", {**INCIDENT, "incident.aware_at": "2028-03-02T09:30"}, "incident.aware_at"),
        ("/api/v1/incident-assessment/", {"incident.harms": "death"}, "incident.harms"),
        ("/api/v1/incident-assessment/", ["not", "an", "object"], "answers"),
        ("/api/v1/penalty-exposure/", {"infringement": "late_invoice"}, "infringement"),
    ],
)
def test_bad_answers_are_400_with_field_errors(api_client_for, owner, url, body, field):
    response = api_client_for(owner).post(url, body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]


def test_an_anonymous_caller_is_refused(db):
    assert APIClient().post("/api/v1/penalty-exposure/", {}, format="json").status_code in (401, 403)
