"""A pack anchors the audit log outside the database: cutting the chain's tail afterwards is detected."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from core.access import Actor
from core.audit import record, verify_chain
from core.models import AuditEvent
from tests.core.conftest import tamper


def build_pack(organisation, path):
    call_command("build_evidence_pack", organisation=organisation.slug, output=str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))["audit_chain_head"]


def verify_anchor(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit_log", "--anchor", str(path), stdout=out, stderr=err)
    return out.getvalue()


def test_the_anchor_holds_then_fails_once_the_tail_is_cut(organisation, owner_actor, outsider, tmp_path):
    for step in range(3):
        record(owner_actor, "core.organisation.created", organisation, changes={"step": step})
    path = tmp_path / "pack.zip"
    head = build_pack(organisation, path)
    record(owner_actor, "core.organisation.created", organisation)  # history goes on after the pack
    assert "still in the chain" in verify_anchor(path)

    # An intruder cuts the tail back to before the pack and makes the head record agree:
    # the chain alone looks intact, only the anchor shows the loss.
    cut_from = AuditEvent.objects.get(pk=head["event_id"]).sequence - 1
    tamper("DELETE FROM core_auditevent WHERE organisation_id = %s AND sequence > %s", (organisation.pk, cut_from))
    last = AuditEvent.objects.get(organisation=organisation, sequence=cut_from)
    tamper(
        "UPDATE core_auditchainhead SET last_sequence = %s, last_hash = %s WHERE organisation_id = %s",
        (cut_from, last.hash, organisation.pk),
    )
    assert verify_chain(organisation) is None

    with pytest.raises(CommandError) as failure:
        verify_anchor(path)
    assert failure.value.returncode == 1
    assert "no longer" in str(failure.value)


def test_an_anchor_of_another_organisation_is_checked_against_its_own_chain(
    organisation, other_organisation, outsider, owner_actor, tmp_path
):
    record(Actor.for_member(outsider), "core.organisation.created", other_organisation)
    record(owner_actor, "core.organisation.created", organisation)
    path = tmp_path / "pack.zip"
    build_pack(organisation, path)
    assert verify_anchor(path).startswith("acme: recorded head")


def test_a_file_that_is_not_a_pack_is_refused(organisation, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"junk")
    with pytest.raises(CommandError) as failure:
        verify_anchor(junk)
    assert failure.value.returncode == 2
