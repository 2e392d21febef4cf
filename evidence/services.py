"""Evidence pack writes: request, claim and build, retry, download record, expiry, retention policy.

A build claims its row with one conditional UPDATE (queued, or a building state whose
claim went stale because its worker died), so a second worker or a redelivered task
finds nothing to claim and a pack is never built twice at once. A failure is kept on
the row with its message; retrying puts it back in the queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.access import Actor, Capability
from core.audit import record
from core.models import Organisation
from evidence import audit_actions
from evidence.builder import build
from evidence.manifest import CHUNK
from evidence.models import (
    BUILDING_STATES,
    DEFAULT_RETENTION_DAYS,
    EvidencePack,
    EvidencePolicy,
    PackState,
    ScopeKind,
)

logger = logging.getLogger(__name__)

# A worker that has not finished after this long is presumed dead; its build may be claimed again.
STALE_CLAIM = dt.timedelta(minutes=30)
EARLIEST_DATE = dt.date(2000, 1, 1)


class ClaimLost(Exception):
    """Another worker took the build over (ours was presumed dead): stop without writing."""


def require_pack_access(actor: Actor) -> None:
    """Evidence packs show the audit trail: the roles that may read the audit log may build and fetch them."""
    actor.require(Capability.VIEW_AUDIT)


def _now():
    return timezone.now()


def _validate_period(since: dt.date | None, until: dt.date | None, today: dt.date) -> None:
    errors = {}
    for name, value in (("since", since), ("until", until)):
        if value is not None and not EARLIEST_DATE <= value <= today:
            errors[name] = f"Give a date between {EARLIEST_DATE:%Y-%m-%d} and today."
    if since and until and since > until and not errors:
        errors["until"] = "The end of the period cannot come before its start."
    if errors:
        raise ValidationError(errors)


def _scope_fields(actor: Actor, ai_system, vendor) -> dict:
    if ai_system is not None and vendor is not None:
        raise ValidationError({"scope": "Choose one AI system, one vendor, or the whole organisation."})
    for subject in (ai_system, vendor):
        if subject is not None and subject.organisation_id != actor.organisation.pk:
            raise PermissionDenied("That belongs to another organisation.")
    if ai_system is not None:
        return {"scope_kind": ScopeKind.SYSTEM, "ai_system": ai_system, "scope_label": f"AI system {ai_system}"}
    if vendor is not None:
        return {"scope_kind": ScopeKind.VENDOR, "vendor": vendor, "scope_label": f"Vendor {vendor}"}
    return {"scope_kind": ScopeKind.ORGANISATION, "scope_label": f"Organisation {actor.organisation}"}


@transaction.atomic
def evidence_pack_request(
    *, actor: Actor, ai_system=None, vendor=None, since: dt.date | None = None, until: dt.date | None = None
) -> EvidencePack:
    """Queue a pack of a system, a vendor or the organisation, for a period; a worker builds it."""
    pack = _new_pack(actor, ai_system, vendor, since, until)
    _queue(pack)
    return pack


def _new_pack(actor: Actor, ai_system, vendor, since: dt.date | None, until: dt.date | None) -> EvidencePack:
    """The pack's row, checked and audited as asked for (inside the caller's transaction)."""
    require_pack_access(actor)
    fields = _scope_fields(actor, ai_system, vendor)
    _validate_period(since, until, timezone.localdate())
    pack = EvidencePack.objects.create(
        organisation=actor.organisation,
        since=since,
        until=until,
        requested_by=actor.membership,
        requested_by_label=actor.label,
        requested_at=_now(),
        **fields,
    )
    record(actor, audit_actions.PACK_REQUESTED, pack, changes=_scope_changes(pack))
    return pack


def _scope_changes(pack: EvidencePack) -> dict:
    return {"scope": pack.scope_label, "since": pack.since, "until": pack.until}


def _queue(pack: EvidencePack) -> None:
    from evidence.tasks import build_evidence_pack

    transaction.on_commit(lambda: build_evidence_pack.delay(pack.pk))


@transaction.atomic
def evidence_pack_retry(*, actor: Actor, pack: EvidencePack) -> EvidencePack:
    """Put a failed build back in the queue."""
    require_pack_access(actor)
    if pack.organisation_id != actor.organisation.pk:
        raise PermissionDenied("That belongs to another organisation.")
    if not EvidencePack.objects.filter(pk=pack.pk, state=PackState.FAILED).update(state=PackState.QUEUED, error=""):
        raise ValidationError({"state": "Only a failed build can be retried."})
    pack.refresh_from_db()
    record(actor, audit_actions.PACK_RETRIED, pack)
    _queue(pack)
    return pack


def claim(pack_id: int) -> str | None:
    """Take the build of a queued pack (or one whose worker died): the claim token, or None when not ours."""
    token = str(uuid.uuid4())
    now = _now()
    claimable = Q(state=PackState.QUEUED) | Q(state__in=BUILDING_STATES, claimed_at__lt=now - STALE_CLAIM)
    taken = EvidencePack.objects.filter(claimable, pk=pack_id).update(
        state=PackState.GATHERING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1, error=""
    )
    return token if taken else None


def _advance(pack_id: int, token: str, state: str) -> None:
    if not EvidencePack.objects.filter(pk=pack_id, claim_token=token).update(state=state, claimed_at=_now()):
        raise ClaimLost(f"evidence pack {pack_id}: another worker took the build over")


def evidence_pack_build(pack_id: int) -> EvidencePack | None:
    """Claim and build one pack into storage; record success or failure. None when another worker holds it."""
    token = claim(pack_id)
    if token is None:
        return None
    pack = EvidencePack.objects.select_related("organisation", "ai_system", "vendor").get(pk=pack_id)
    try:
        with tempfile.TemporaryFile() as archive:
            built = build(
                pack, archive, built_by=pack.requested_by_label, progress=lambda s: _advance(pack_id, token, s)
            )
            size, sha256 = _size_and_digest(archive)
            archive.seek(0)
            name = default_storage.save(
                f"evidence/{pack.organisation_id}/pack-{pack.pk}-{token[:8]}.zip", File(archive)
            )
        return _finish(pack, token, built, name=name, size=size, sha256=sha256)
    except ClaimLost:
        logger.warning("evidence pack %s: claim lost, leaving the build to the other worker", pack_id)
        return None
    except Exception as error:
        logger.exception("evidence pack %s failed", pack_id)
        _fail(pack, token, error)
        return pack


def _size_and_digest(archive) -> tuple[int, str]:
    archive.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := archive.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def retention_days(organisation: Organisation) -> int:
    policy = EvidencePolicy.objects.filter(organisation=organisation).first()
    return policy.retention_days if policy else DEFAULT_RETENTION_DAYS


@transaction.atomic
def _finish(pack: EvidencePack, token: str, built, *, name: str, size: int, sha256: str) -> EvidencePack:
    head = built.manifest.get("audit_chain_head") or {}
    now = _now()
    fields = {
        "state": PackState.READY,
        "finished_at": now,
        "file": name,
        "size": size,
        "sha256": sha256,
        "manifest_sha256": built.manifest_sha256,
        "evidence_digest": built.manifest["evidence_digest"],
        "audit_head_event_id": head.get("event_id"),
        "audit_head_hash": head.get("hash", ""),
        "expires_at": now + dt.timedelta(days=retention_days(pack.organisation)) if name else None,
    }
    if not EvidencePack.objects.filter(pk=pack.pk, claim_token=token).update(**fields):
        if name:
            default_storage.delete(name)
        raise ClaimLost(f"evidence pack {pack.pk}: another worker took the build over")
    pack.refresh_from_db()
    actor = Actor.system(pack.organisation, "evidence")
    record(actor, audit_actions.PACK_BUILT, pack, changes={"sha256": sha256, "size": size, **_scope_changes(pack)})
    if pack.requested_by_id:
        transaction.on_commit(lambda: _send_ready_mail(pack.pk))
    return pack


def _fail(pack: EvidencePack, token: str, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        if EvidencePack.objects.filter(pk=pack.pk, claim_token=token).update(
            state=PackState.FAILED, error=message, finished_at=_now()
        ):
            record(
                Actor.system(pack.organisation, "evidence"), audit_actions.PACK_FAILED, pack, changes={"error": message}
            )


def _send_ready_mail(pack_id: int) -> None:
    from evidence.mail import send_ready_mail

    try:
        send_ready_mail(EvidencePack.objects.select_related("organisation", "requested_by__user").get(pk=pack_id))
    except Exception:
        logger.exception("evidence pack %s: the ready mail could not be sent", pack_id)


def evidence_pack_build_to_file(*, actor: Actor, output, ai_system=None, vendor=None, since=None, until=None):
    """Build synchronously into `output` (a binary file), recording the pack and the build: the command's path."""
    with transaction.atomic():
        pack = _new_pack(actor, ai_system, vendor, since, until)
    token = claim(pack.pk)
    try:
        built = build(pack, output, built_by=actor.label, progress=lambda s: _advance(pack.pk, token, s))
    except Exception as error:
        _fail(pack, token, error)
        raise
    output.flush()
    output.seek(0)
    size, sha256 = _size_and_digest(output)
    return _finish(pack, token, built, name="", size=size, sha256=sha256)


@transaction.atomic
def evidence_pack_download_record(*, actor: Actor, pack: EvidencePack) -> None:
    require_pack_access(actor)
    if pack.organisation_id != actor.organisation.pk:
        raise PermissionDenied("That belongs to another organisation.")
    record(actor, audit_actions.PACK_DOWNLOADED, pack, changes={"sha256": pack.sha256})


def evidence_packs_expire(now: dt.datetime | None = None) -> int:
    """Delete the files of packs past their retention (records and digests stay); idempotent."""
    now = now or _now()
    expired = 0
    due = EvidencePack.objects.filter(state=PackState.READY, expires_at__lte=now).select_related("organisation")
    for pack in due.iterator(chunk_size=200):
        with transaction.atomic():
            if not EvidencePack.objects.filter(pk=pack.pk, state=PackState.READY).update(
                state=PackState.EXPIRED, expired_at=now, file=""
            ):
                continue
            record(Actor.system(pack.organisation, "evidence-retention"), audit_actions.PACK_EXPIRED, pack)
            name = pack.file.name
            transaction.on_commit(lambda name=name: default_storage.delete(name) if name else None)
        expired += 1
    return expired


@transaction.atomic
def evidence_policy_update(*, actor: Actor, retention_days: int) -> EvidencePolicy:
    """Set how long the organisation's pack files are kept (owner only: it decides what evidence is deleted)."""
    actor.require(Capability.MANAGE_MEMBERS)
    policy, _ = EvidencePolicy.objects.select_for_update().get_or_create(organisation=actor.organisation)
    before = policy.retention_days
    policy.retention_days = retention_days
    policy.full_clean()
    policy.save(update_fields=["retention_days"])
    record(actor, audit_actions.POLICY_UPDATED, policy, changes={"retention_days": [before, retention_days]})
    return policy
