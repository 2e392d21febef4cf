"""POST /api/v1/classify/ (stateless) and /api/v1/ai-systems/{id}/classifications/."""

from assessments.models import Classification
from core.models import Role
from tests.assessments.conftest import HR_SCREENING


def test_classify_returns_the_contract_result_and_saves_nothing(api_client_for, owner):
    response = api_client_for(owner).post("/api/v1/classify/", {"answers": HR_SCREENING}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["risk_tier"] == "high_risk"
    assert body["pack"]["id"] == "eu-ai-act" and body["pack"]["timeline"] == "omnibus-2026"
    assert not Classification.objects.exists()


def test_classify_takes_the_timeline(api_client_for, owner):
    body = {"answers": HR_SCREENING, "timeline": "original"}
    response = api_client_for(owner).post("/api/v1/classify/", body, format="json")
    assert response.json()["pack"]["timeline"] == "original"
    art26 = [o for o in response.json()["obligations"] if o["article"].startswith("Art 26")]
    assert art26 and art26[0]["applies_from"] == "2026-08-02"


def test_classify_refuses_bad_answers_with_400_naming_the_key(api_client_for, auditor):
    response = api_client_for(auditor).post(
        "/api/v1/classify/", {"answers": {"system.annex_iii_points": ["4z"], "nope": 1}}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"system.annex_iii_points", "nope"}


def test_classify_refuses_an_unknown_timeline(api_client_for, owner):
    response = api_client_for(owner).post("/api/v1/classify/", {"answers": {}, "timeline": "2099"}, format="json")
    assert response.status_code == 400


def test_classify_needs_authentication(client, db):
    assert client.post("/api/v1/classify/", {}, content_type="application/json").status_code in (401, 403)


def test_saving_through_the_api_returns_the_snapshot(api_client_for, owner, system):
    url = f"/api/v1/ai-systems/{system.pk}/classifications/"
    response = api_client_for(owner).post(url, {"answers": HR_SCREENING, "note": "first"}, format="json")
    assert response.status_code == 201
    assert response.json()["risk_tier"] == "high_risk"
    assert response.json()["pack_sha256"]
    listing = api_client_for(owner).get(url).json()
    assert listing["count"] == 1


def test_saving_refuses_bad_answers(api_client_for, owner, system):
    url = f"/api/v1/ai-systems/{system.pk}/classifications/"
    response = api_client_for(owner).post(url, {"answers": {"system.deep_fake": "yes"}}, format="json")
    assert response.status_code == 400
    assert "system.deep_fake" in response.json()["errors"]
    assert not Classification.objects.exists()


def test_the_auditor_reads_snapshots_but_may_not_save(api_client_for, members, system):
    url = f"/api/v1/ai-systems/{system.pk}/classifications/"
    client = api_client_for(members[Role.AUDITOR])
    assert client.get(url).status_code == 200
    assert client.post(url, {"answers": HR_SCREENING}, format="json").status_code == 403


def test_another_organisation_gets_404(api_client_for, outsider, system):
    url = f"/api/v1/ai-systems/{system.pk}/classifications/"
    client = api_client_for(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"answers": HR_SCREENING}, format="json").status_code == 404
