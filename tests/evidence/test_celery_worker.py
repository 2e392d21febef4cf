"""The build task on a real Celery worker with Redis as the broker: queued on commit, claimed once, built."""

import time

import pytest

from core.access import Actor
from core.models import AuditEvent, Role
from evidence.models import EvidencePack, PackState
from evidence.services import evidence_pack_request
from evidence.tasks import build_evidence_pack
from tests.deadlines.test_celery_worker import worker  # noqa: F401  a real worker on Redis

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def wait_until_done(pack_id: int, limit: int = 4500) -> EvidencePack:
    """Poll as the progress bar does, until the pack leaves the building states."""
    for _ in range(limit):
        pack = EvidencePack.objects.get(pk=pack_id)
        if not pack.is_building:
            return pack
        time.sleep(0.2)
    raise AssertionError(f"pack {pack_id} still {pack.state}")


def test_a_worker_builds_the_pack_once_even_when_the_task_is_sent_twice(worker, members):  # noqa: F811
    pack = evidence_pack_request(actor=Actor.for_member(members[Role.AUDITOR]))  # queued on commit
    duplicate = build_evidence_pack.delay(pack.pk)  # a redelivery of the same task
    # Generous bounds: on a loaded machine one PDF can take minutes; they guard, they do not measure.
    assert duplicate.get(timeout=900) in ("not claimed", PackState.READY)
    pack = wait_until_done(pack.pk)
    assert pack.state == PackState.READY and pack.attempts == 1
    assert pack.file and pack.size > 0
    assert AuditEvent.objects.filter(action="evidence.evidence_pack.built").count() == 1
