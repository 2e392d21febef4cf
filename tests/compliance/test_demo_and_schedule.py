"""Demo data and the nightly re-evaluation schedule."""

import datetime as dt

import pytest
from django.conf import settings
from freezegun import freeze_time

from compliance.demo import seed_documents, seed_notified_bodies
from compliance.models import Document, DocumentRequest, NotifiedBody, RedFlag, RequestStatus
from deadlines.models import Deadline, DeadlineKind
from tests.compliance.conftest import classify
from tests.factories import AiSystemFactory

pytestmark = pytest.mark.django_db


def test_the_nightly_red_flag_run_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "compliance.tasks.reevaluate_red_flags" in tasks


@freeze_time("2026-11-25 10:00")  # a Wednesday
def test_demo_seeding_is_idempotent_and_skips_unclassified_systems(organisation, compliance_actor, system):
    assert seed_documents(organisation, compliance_actor) == {}  # nothing classified yet

    classify(system)
    seed_notified_bodies()
    first = seed_documents(organisation, compliance_actor)
    again = seed_documents(organisation, compliance_actor) + seed_notified_bodies()

    assert first["document requests"] > 0 and first["documents"] == 1
    assert not again
    assert NotifiedBody.objects.filter(name__contains="(sample)").count() == NotifiedBody.objects.count() == 4
    assert Document.objects.count() == 1
    codes = set(RedFlag.objects.filter(ai_system=system).values_list("code", flat=True))
    assert {"declaration_unsigned", "compliance_in_progress_without_date", "document_overdue"} <= codes
    # TalentLens Screen's documents were asked for five weeks ago: due three weeks ago, on a reminder day.
    outstanding = DocumentRequest.objects.filter(ai_system=system, status=RequestStatus.REQUESTED)
    assert {r.due_date for r in outstanding} == {dt.date(2026, 11, 4)}


@freeze_time("2026-11-25 10:00")
def test_the_demo_notified_body_certificate_is_verified_and_expires_in_30_days(organisation, compliance_actor, vendor):
    system = AiSystemFactory(vendor=vendor, name="StoreSafe Face Match")
    classify(system, conformity_route="annex_vii_notified_body")
    seed_notified_bodies()

    seed_documents(organisation, compliance_actor)

    certificate = Document.objects.get(request__ai_system=system, request__document_type="notified_body_certificate")
    assert certificate.request.status == RequestStatus.VERIFIED
    expiry = Deadline.objects.get(kind=DeadlineKind.CERTIFICATE_EXPIRY, source_id=str(certificate.pk))
    assert expiry.due_date == dt.date(2026, 12, 25)
    assert Deadline.objects.filter(kind=DeadlineKind.DOCUMENT_REVIEW, source_id=str(certificate.pk)).exists()
    assert RedFlag.objects.filter(ai_system=system, code="certificate_expiring", state="open").exists()


@freeze_time("2026-11-28 10:00")  # a Saturday: three weeks ago was one too
def test_on_a_weekend_the_demo_requests_fall_due_on_the_nearest_business_day(organisation, compliance_actor, system):
    classify(system)

    seed_documents(organisation, compliance_actor)

    outstanding = DocumentRequest.objects.filter(ai_system=system, status=RequestStatus.REQUESTED)
    assert {r.due_date for r in outstanding} == {dt.date(2026, 11, 6)}  # the Friday before
    assert all(r.requested_at.weekday() < 5 for r in outstanding)
    assert RedFlag.objects.filter(ai_system=system, code="document_overdue", state="open").exists()
