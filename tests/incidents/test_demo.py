"""Demo incidents (seed_demo step 60): closed on time, open on the HR screening system, one late."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from incidents.models import Incident, IncidentStatus, StepKind

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_three_incidents_and_a_second_run_adds_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    incidents = Incident.objects.filter(organisation__slug="northwind")
    closed = incidents.get(status=IncidentStatus.CLOSED)
    assert closed.reports.filter(report_type="final", late=False, sha256__regex=r"^[0-9a-f]{64}$").exists()
    assert not closed.report_late
    hr = incidents.get(ai_system__name="TalentLens Screen", status=IncidentStatus.OPEN)
    assert hr.steps.filter(kind=StepKind.PROVIDER_INFORMED).exists() and hr.first_report_sent_at is None
    assert dt.timedelta(days=5, hours=23) < hr.report_due_at - timezone.now() <= dt.timedelta(days=6)
    assert incidents.filter(report_late=True).count() == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert Incident.objects.filter(organisation__slug="northwind").count() == 3
