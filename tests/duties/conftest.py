import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Classification
from assessments.services import classification_save
from core.access import Actor
from core.models import Role
from tests.factories import AiSystemFactory, VendorFactory

WE_DEPLOY = {"org.uses_under_own_authority": True}
# Answers of the classification cases the issue names (the engine itself is tested in tests/assessments).
WORKPLACE_HR = {
    **WE_DEPLOY,
    "system.annex_iii_points": ["4a"],
    "system.profiles_natural_persons": True,
    "org.is_employer_using_at_workplace": True,
}
PUBLIC_AUTHORITY = {
    **WE_DEPLOY,
    "system.annex_iii_points": ["5a"],
    "system.profiles_natural_persons": True,
    "org.is_public_authority": True,
    "org.public_body_or_public_service": True,
}
CREDIT_SCORING = {**WE_DEPLOY, "system.annex_iii_points": ["5b"], "system.profiles_natural_persons": True}
DEEP_FAKE = {**WE_DEPLOY, "system.generates_synthetic_content": True, "system.deep_fake": True}


@pytest.fixture
def actor_of(members):
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def compliance_actor(members):
    return Actor.for_member(members[Role.COMPLIANCE])


@pytest.fixture
def vendor(organisation, owner):
    return VendorFactory(organisation=organisation, legal_name="Kreditwerk Scoring AG", created_by=owner.user)


@pytest.fixture
def system(vendor, owner):
    return AiSystemFactory(vendor=vendor, name="KW Score Consumer", created_by=owner.user, business_owner=owner)


def classify(system, actor, answers):
    """Classify through the real service, so the duties follow through the classification hook."""
    return classification_save(actor=actor, ai_system=system, answers=answers)


def stored_result(system, **result):
    """A classification stored as a later pack would give it (e.g. pack 2026.3's legacy_system)."""
    return Classification.objects.create(
        organisation=system.organisation,
        ai_system=system,
        answers=result.pop("answers", {}),
        timeline="omnibus-2026",
        result=result,
        risk_tier=result.get("risk_tier", "high_risk"),
        pack_id="eu-ai-act",
        pack_version="2026.3",
        pack_sha256="0" * 64,
    )


def pdf_file(name="notice.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def days_ago(days: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days)
