"""Demo data and the nightly re-evaluation schedule."""

import pytest
from django.conf import settings

from compliance.demo import seed_documents, seed_notified_bodies
from compliance.models import Document, NotifiedBody, RedFlag
from tests.compliance.conftest import classify

pytestmark = pytest.mark.django_db


def test_the_nightly_red_flag_run_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "compliance.tasks.reevaluate_red_flags" in tasks


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
    assert {"declaration_unsigned", "compliance_in_progress_without_date"} <= codes
