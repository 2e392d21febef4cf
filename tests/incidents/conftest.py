"""An organisation (acme, Europe/Berlin) with a high-risk HR screening system whose duties already apply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.access import Actor
from core.models import Role
from incidents import services
from tests.factories import AiSystemFactory, ClassificationFactory, VendorFactory

RIGHTS = {"incident.harms": ["fundamental_rights_infringement"], "incident.member_states": ["DE"]}
GRID = {"incident.harms": ["critical_infrastructure_disruption"], "incident.member_states": ["DE"]}


def high_risk_result(applies_from: str = "2025-01-01") -> dict:
    return {
        "risk_tier": "high_risk",
        "high_risk_route": "annex_iii",
        "annex_iii_points": ["4a"],
        "roles": ["deployer"],
        "gpai": {"is_gpai": False, "systemic_risk": False},
        "obligations": [{"code": "deployer", "article": "Art 26", "applies_from": applies_from, "holder": "deployer"}],
        "required_documents": [],
    }


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://tracker.example"


@pytest.fixture
def vendor(organisation):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH")


@pytest.fixture
def system(vendor):
    system = AiSystemFactory(vendor=vendor, name="TalentLens Screen", version="4.2")
    ClassificationFactory(ai_system=system, result=high_risk_result())
    return system


@pytest.fixture
def actor_of(members):
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def compliance(actor_of):
    return actor_of(Role.COMPLIANCE)


@pytest.fixture
def report(system, compliance):
    """report(hours_ago=1, answers=RIGHTS, **fields) → an incident reported by carol (compliance)."""

    def make(hours_ago: float = 1, answers: dict | None = None, actor=None, **fields):
        return services.incident_report(
            actor=actor or compliance,
            ai_system=system,
            data={"title": "Applicants ranked by nationality", "description": "Seen by recruiters.", **fields},
            answers=RIGHTS if answers is None else answers,
            aware_at=timezone.now() - dt.timedelta(hours=hours_ago),
            aware_time_zone="Europe/Berlin",
        )

    return make
