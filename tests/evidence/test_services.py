"""Requests, claims, failures and retries, downloads and retention of evidence packs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from core.access import Actor
from core.models import AuditEvent, Role
from evidence import services
from evidence.models import EvidencePack, PackState
from evidence.services import claim, evidence_pack_build, evidence_pack_request
from tests.factories import AiSystemFactory, VendorFactory

ALLOWED = [Role.OWNER, Role.COMPLIANCE, Role.LEGAL, Role.APPROVER, Role.AUDITOR]


def actor(members, role=Role.AUDITOR):
    return Actor.for_member(members[role])


@pytest.fixture
def queued(members, django_capture_on_commit_callbacks):
    """A pack asked for, whose queued task has not run yet."""
    with django_capture_on_commit_callbacks(execute=False):
        return evidence_pack_request(actor=actor(members))


@pytest.mark.parametrize("role", ALLOWED)
def test_every_role_that_reads_the_audit_log_may_build_a_pack(
    members, role, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = evidence_pack_request(actor=actor(members, role))
    pack.refresh_from_db()
    assert pack.state == PackState.READY  # built by the (eager) task on commit
    assert pack.requested_by == members[role]
    assert [m.to for m in mailoutbox] == [[members[role].user.email]]
    assert pack.evidence_digest in mailoutbox[0].body and f"/evidence/{pack.pk}/" in mailoutbox[0].body


def test_a_requester_may_not(members):
    with pytest.raises(PermissionDenied):
        evidence_pack_request(actor=actor(members, Role.REQUESTER))
    assert not EvidencePack.objects.exists()


def test_a_system_of_another_organisation_is_refused(members, other_organisation):
    stranger = AiSystemFactory(vendor=VendorFactory(organisation=other_organisation))
    with pytest.raises(PermissionDenied):
        evidence_pack_request(actor=actor(members), ai_system=stranger)


@pytest.mark.parametrize(
    ("since", "until", "field"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 4, 1), "until"),
        (dt.date(1900, 1, 1), None, "since"),
        (None, dt.date(9999, 12, 31), "until"),
    ],
)
def test_a_bad_period_is_a_field_error(members, since, until, field):
    with pytest.raises(ValidationError) as refused:
        evidence_pack_request(actor=actor(members), since=since, until=until)
    assert field in refused.value.message_dict
    assert not EvidencePack.objects.exists()


def test_a_second_claim_finds_nothing_while_the_first_builds(queued):
    first = claim(queued.pk)
    assert first is not None
    assert claim(queued.pk) is None  # a second worker, or a redelivered task
    assert evidence_pack_build(queued.pk) is None
    queued.refresh_from_db()
    assert queued.state == PackState.GATHERING and queued.attempts == 1


def test_a_build_abandoned_by_a_dead_worker_can_be_claimed_again(queued):
    claim(queued.pk)
    EvidencePack.objects.filter(pk=queued.pk).update(claimed_at=queued.requested_at - services.STALE_CLAIM)
    pack = evidence_pack_build(queued.pk)
    assert pack.state == PackState.READY and pack.attempts == 2


def test_a_ready_pack_is_never_built_again(queued):
    evidence_pack_build(queued.pk)
    assert evidence_pack_build(queued.pk) is None
    assert AuditEvent.objects.filter(action="evidence.evidence_pack.built").count() == 1


def test_a_failure_is_recorded_and_can_be_retried(queued, members, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "build", broken)
    pack = evidence_pack_build(queued.pk)
    assert pack is not None
    pack.refresh_from_db()
    assert pack.state == PackState.FAILED and pack.error == "RuntimeError: disk full"
    assert AuditEvent.objects.filter(action="evidence.evidence_pack.failed", object_id=str(pack.pk)).exists()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_pack_retry(actor=actor(members), pack=pack)  # queued and built again on commit
    pack.refresh_from_db()
    assert pack.state == PackState.READY and pack.attempts == 2 and pack.error == ""


def test_only_a_failed_pack_can_be_retried(queued, members):
    with pytest.raises(ValidationError):
        services.evidence_pack_retry(actor=actor(members), pack=queued)


def test_downloads_are_audited(queued, members):
    pack = evidence_pack_build(queued.pk)
    services.evidence_pack_download_record(actor=actor(members, Role.LEGAL), pack=pack)
    event = AuditEvent.objects.get(action="evidence.evidence_pack.downloaded")
    assert event.actor_label == "larry" and event.changes["sha256"] == pack.sha256


def test_files_expire_after_the_retention_but_the_record_stays(queued, members, django_capture_on_commit_callbacks):
    services.evidence_policy_update(actor=actor(members, Role.OWNER), retention_days=30)
    pack = evidence_pack_build(queued.pk)
    name = pack.file.name
    assert default_storage.exists(name)
    assert pack.expires_at.date() == (pack.finished_at + dt.timedelta(days=30)).date()
    assert services.evidence_packs_expire(now=pack.expires_at - dt.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the expiry is committed
        assert services.evidence_packs_expire(now=pack.expires_at) == 1
    assert services.evidence_packs_expire(now=pack.expires_at) == 0  # idempotent
    pack.refresh_from_db()
    assert pack.state == PackState.EXPIRED and not pack.file and pack.evidence_digest and pack.sha256
    assert not default_storage.exists(name)


def test_only_the_owner_sets_the_retention_within_bounds(members):
    with pytest.raises(PermissionDenied):
        services.evidence_policy_update(actor=actor(members, Role.COMPLIANCE), retention_days=10)
    with pytest.raises(ValidationError) as refused:
        services.evidence_policy_update(actor=actor(members, Role.OWNER), retention_days=0)
    assert "retention_days" in refused.value.message_dict
