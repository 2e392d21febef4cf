"""/api/v1/incidents/: reads for every member, reporting for all but approvers and auditors, the rest for
owner, compliance and legal; another organisation's incident is a 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from core.models import Role
from incidents.models import Incident

pytestmark = pytest.mark.django_db

MANAGERS = {Role.OWNER, Role.COMPLIANCE, Role.LEGAL}
REPORTERS = MANAGERS | {Role.REQUESTER}


def body(system, **extra) -> dict:
    return {
        "ai_system": system.pk,
        "title": "Applicants ranked by nationality",
        "description": "Seen by recruiters",
        "aware_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
        "answers": {"incident.harms": ["death"], "incident.member_states": ["IT"]},
        **extra,
    }


@pytest.mark.parametrize("role", list(Role))
def test_who_may_report_through_the_api(api_client_for, members, system, role):
    response = api_client_for(members[role]).post("/api/v1/incidents/", body(system), format="json")
    assert response.status_code == (201 if role in REPORTERS else 403)
    if role in REPORTERS:
        data = response.json()
        assert data["deadline_days"] == 10 and data["deadline_paragraph"] == "73(4)"
        assert data["assessment"]["authorities"] == [{"kind": "market_surveillance_authority", "member_state": "IT"}]


@pytest.mark.parametrize("role", list(Role))
def test_steps_reports_and_reassessment_are_for_managers(api_client_for, members, report, role):
    incident = report()
    client = api_client_for(members[role])
    now = timezone.now().isoformat()
    expected = 201 if role in MANAGERS else 403
    step = {"kind": "provider_informed", "happened_at": now, "method": "E-mail"}
    assert client.post(f"/api/v1/incidents/{incident.pk}/steps/", step, format="json").status_code == expected
    draft = {"report_type": "initial", "sections": {"contact": "carol@example.test"}}
    assert client.post(f"/api/v1/incidents/{incident.pk}/reports/", draft, format="json").status_code == expected
    reassess = {"answers": {"incident.harms": ["death"]}, "facts_aware_at": now}
    assert client.post(f"/api/v1/incidents/{incident.pk}/reassess/", reassess, format="json").status_code == expected
    assert client.get(f"/api/v1/incidents/{incident.pk}/assessments/").status_code == 200
    assert client.get(f"/api/v1/incidents/{incident.pk}/steps/").status_code == 200


def test_the_journey_through_the_api(api_client_for, members, system):
    client = api_client_for(members[Role.COMPLIANCE])
    incident = client.post("/api/v1/incidents/", body(system), format="json").json()
    base = f"/api/v1/incidents/{incident['id']}"
    report = client.post(f"{base}/reports/", {"report_type": "initial"}, format="json").json()
    sent = client.post(f"{base}/reports/{report['id']}/sent/", {"sent_at": timezone.now().isoformat()}, format="json")
    assert sent.status_code == 200 and len(sent.json()["sha256"]) == 64
    pdf = client.get(f"{base}/reports/{report['id']}/pdf/")
    assert "Serious incident report" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert client.post(f"{base}/close/", {"note": "done"}, format="json").json()["status"] == "closed"
    history = client.get(f"{base}/assessments/").json()
    assert len(history) == 1 and history[0]["result"]["deadline_days"] == 10
    assert client.patch(base + "/", {"title": "Renamed"}, format="json").json()["title"] == "Renamed"
    assert client.delete(base + "/").status_code == 405


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"aware_at": "yesterday"}, "aware_at"),
        ({"answers": {"incident.harms": ["gossip"]}}, "incident.harms"),
        ({"aware_time_zone": "Mars/Olympus"}, "aware_time_zone"),
        ({"ai_system": 999999}, "ai_system"),
        ({"affected_count": -5}, "affected_count"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(api_client_for, owner, system, change, field):
    response = api_client_for(owner).post("/api/v1/incidents/", body(system, **change), format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Incident.objects.exists()


def test_another_organisation_sees_nothing(api_client_for, outsider, report, system):
    incident = report()
    client = api_client_for(outsider)
    listing = client.get("/api/v1/incidents/").json()
    assert (listing["results"] if isinstance(listing, dict) else listing) == []
    assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 404
    assert client.post(f"/api/v1/incidents/{incident.pk}/steps/", {}, format="json").status_code == 404
    assert client.post("/api/v1/incidents/", body(system), format="json").status_code == 400


def test_the_register_reads_in_constant_queries(api_client_for, login, owner, report):
    def queries(url: str, client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    report(title="Incident 0")
    api, page = api_client_for(owner), login(owner)
    few = queries("/api/v1/incidents/", api), queries("/incidents/", page)
    for n in range(1, 12):
        report(title=f"Incident {n}")
    assert (queries("/api/v1/incidents/", api), queries("/incidents/", page)) == few
