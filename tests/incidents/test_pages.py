"""Incident pages: who may open and post what (allowed, 403 for a read-only role, 404 for another organisation)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from core.models import Role
from incidents import services
from incidents.models import Incident, ReportType, StepKind

pytestmark = pytest.mark.django_db

EVERY_ROLE = list(Role)
MANAGERS = {Role.OWNER, Role.COMPLIANCE, Role.LEGAL}
REPORTERS = MANAGERS | {Role.REQUESTER}


@pytest.fixture
def incident(report):
    return report(hours_ago=2)


@pytest.fixture
def sent_report(incident, compliance):
    draft = services.incident_report_draft(actor=compliance, incident=incident, report_type=ReportType.INITIAL)
    return services.incident_report_mark_sent(actor=compliance, report=draft, sent_at=timezone.now())


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment, timezone.get_fixed_timezone(0)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_member_reads_the_register_detail_and_penalty_page(login, members, incident, sent_report, role):
    client = login(members[role])
    assert client.get("/incidents/").status_code == 200
    detail = client.get(f"/incidents/{incident.pk}/")
    assert detail.status_code == 200 and "15 days" in detail.content.decode()
    assert client.get(f"/incidents/{incident.pk}/reports/{sent_report.pk}/pdf/")["Content-Type"] == "application/pdf"
    assert client.get("/incidents/penalty-exposure/").status_code == 200


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_the_report_form_is_for_everyone_but_approvers_and_auditors(login, members, system, role):
    client = login(members[role])
    expected = 200 if role in REPORTERS else 403
    assert client.get("/incidents/report/").status_code == expected
    response = client.post(
        "/incidents/report/",
        {
            "ai_system": system.pk,
            "title": "Ranking by nationality",
            "description": "Seen by recruiters",
            "aware_at": (timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "aware_time_zone": "UTC",
            "harms": ["fundamental_rights_infringement"],
            "member_states": ["DE"],
            "provider_reachable": "on",
        },
    )
    assert response.status_code == (302 if role in REPORTERS else 403)
    assert Incident.objects.exists() is (role in REPORTERS)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_steps_are_recorded_by_owner_compliance_and_legal_only(login, members, incident, role):
    response = login(members[role]).post(
        f"/incidents/{incident.pk}/steps/",
        {"kind": StepKind.PROVIDER_INFORMED, "happened_at": local(timezone.now()), "method": "E-mail"},
    )
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert incident.steps.exists() is (role in MANAGERS)


def test_another_organisations_incident_is_not_found(login, outsider, incident, sent_report):
    client = login(outsider)
    for url in (
        f"/incidents/{incident.pk}/",
        f"/incidents/{incident.pk}/reports/{sent_report.pk}/",
        f"/incidents/{incident.pk}/reports/{sent_report.pk}/pdf/",
        f"/incidents/{incident.pk}/reassess/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/incidents/{incident.pk}/steps/", {"kind": "provider_informed"}).status_code == 404
    assert client.get("/incidents/").content.decode().count(incident.title) == 0


def test_the_report_form_shows_field_errors_and_writes_nothing(login, owner, system):
    response = login(owner).post(
        "/incidents/report/",
        {
            "ai_system": system.pk,
            "title": "x",
            "description": "y",
            "aware_at": "2999-01-01T10:00",
            "aware_time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert "in the future" in response.content.decode() and not Incident.objects.exists()


def test_an_other_organisations_system_is_not_a_choice(login, owner, outsider):
    from tests.factories import AiSystemFactory, VendorFactory

    foreign = AiSystemFactory(vendor=VendorFactory(organisation=outsider.organisation))
    response = login(owner).post(
        "/incidents/report/",
        {
            "ai_system": foreign.pk,
            "title": "x",
            "description": "y",
            "aware_at": "2026-01-01T10:00",
            "aware_time_zone": "UTC",
        },
    )
    assert response.status_code == 200 and not Incident.objects.exists()


def test_the_register_filters_overdue_incidents(login, owner, report):
    from tests.incidents.conftest import GRID

    report(hours_ago=1, title="Fresh")
    report(hours_ago=72, answers=GRID, title="Limit passed")
    page = login(owner).get("/incidents/?overdue=true").content.decode()
    assert "Limit passed" in page and "Fresh" not in page


def test_the_detail_shows_the_countdown_in_hours_under_two_days(login, owner, report):
    from tests.incidents.conftest import GRID

    incident = report(hours_ago=1, answers=GRID)
    page = login(owner).get(f"/incidents/{incident.pk}/").content.decode()
    hours = re.search(r'data-testid="countdown">(\d+) h \d\d min left<', page)
    assert hours and int(hours.group(1)) in (46, 47)  # two days less the hour since we became aware
    assert "Art 73(3)" in page


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_only_the_owner_opens_the_organisation_settings(login, members, role):
    client = login(members[role])
    assert client.get("/incidents/settings/").status_code == (200 if role == Role.OWNER else 403)


def test_the_owner_saves_settings_and_the_penalty_page_shows_the_ceiling(login, owner, report, compliance):
    from tests.incidents.conftest import GRID

    report(hours_ago=72, answers=GRID, title="Late one")  # an overdue report: an Art 99(4) exposure
    client = login(owner)
    response = client.post("/incidents/settings/", {"worldwide_turnover_eur": "20000000", "is_sme": "on"})
    assert response.status_code == 302
    page = client.get("/incidents/penalty-exposure/").content.decode()
    assert "A ceiling, not a prediction" in page
    assert "Art 99(4)" in page and "EUR 600000" in page and "Late one" in page


def test_evidence_on_a_factor_is_recorded_by_compliance_not_by_the_auditor(login, members):
    data = {"article": "Art 99(7)", "point": "f", "in_place": "on", "evidence": "Weekly calls with the authority"}
    assert login(members[Role.AUDITOR]).post("/incidents/penalty-exposure/evidence/", data).status_code == 403
    assert login(members[Role.COMPLIANCE]).post("/incidents/penalty-exposure/evidence/", data).status_code == 302
    page = login(members[Role.AUDITOR]).get("/incidents/penalty-exposure/").content.decode()
    assert "Weekly calls with the authority" in page
