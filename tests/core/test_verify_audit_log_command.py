"""`manage.py verify_audit_log`: one line per organisation, exit 1 on a broken chain, 2 on an unknown slug."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.access import Actor
from core.audit import GENESIS_HASH, compute_hash, record, verify_chain, verify_head
from core.models import AuditEvent
from tests.core.conftest import tamper


def verify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit_log", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def verify_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_log", *args, stdout=out, stderr=err)
    return failure.value.returncode, out.getvalue(), err.getvalue()


def test_it_reports_every_intact_chain(organisation, outsider, logged):
    logged(3)
    record(Actor.for_member(outsider), "tests.thing.created")
    out, err = verify()
    assert out.splitlines() == ["acme: intact, 3 events", "other: intact, 1 events"]
    assert err == ""


def test_it_checks_only_the_organisation_asked_for(organisation, other_organisation, logged):
    logged(2)
    out, _ = verify("--organisation", "acme")
    assert out.splitlines() == ["acme: intact, 2 events"]


def test_it_exits_1_naming_the_altered_event(organisation, other_organisation, logged):
    events = logged(3)
    tamper("UPDATE core_auditevent SET changes = %s WHERE id = %s", ('{"step": [1, 1000]}', events[1].pk))
    returncode, out, err = verify_failing()
    assert returncode == 1
    assert out.splitlines() == ["acme: BROKEN", "other: intact, 0 events"]
    assert f"sequence 2, id {events[1].pk}" in err
    assert "altered after it was written" in err


def test_it_exits_1_when_an_action_was_rewritten(organisation, logged):
    events = logged(2)
    tamper("UPDATE core_auditevent SET action = %s WHERE id = %s", ("tests.nothing.happened", events[0].pk))
    returncode, _, err = verify_failing("--organisation", "acme")
    assert returncode == 1
    assert f"sequence 1, id {events[0].pk}" in err


def test_it_exits_1_when_the_last_events_were_deleted(organisation, logged):
    events = logged(4)
    tamper("DELETE FROM core_auditevent WHERE id = %s", (events[-1].pk,))
    returncode, _, err = verify_failing()
    assert returncode == 1
    assert "the chain head" in err and "events were removed" in err


def test_it_exits_1_when_an_event_in_the_middle_was_deleted(organisation, logged):
    events = logged(4)
    tamper("DELETE FROM core_auditevent WHERE id = %s", (events[1].pk,))
    returncode, _, err = verify_failing()
    assert returncode == 1
    assert f"sequence 3, id {events[2].pk}" in err and "events are missing" in err


def test_it_exits_2_for_an_unknown_organisation(organisation):
    returncode, out, _ = verify_failing("--organisation", "nope")
    assert returncode == 2
    assert out == ""


# --expect-head: a head published outside the database ------------------------------------


def head_of(event) -> str:
    return f"{event.pk}:{event.hash}"


def test_an_expected_head_still_in_the_chain_passes(organisation, logged):
    events = logged(3)
    out, err = verify("--expect-head", head_of(events[1]))
    assert "acme: recorded head #2" in out and "still in the chain" in out
    assert err == ""


def test_it_exits_1_when_the_expected_head_was_removed(organisation, logged):
    events = logged(3)
    head = head_of(events[-1])
    tamper("DELETE FROM core_auditevent WHERE id = %s", (events[-1].pk,))
    returncode, _, err = verify_failing("--expect-head", head)
    assert returncode == 1
    assert f"recorded head id {events[-1].pk}" in err and "events were removed" in err


def test_it_exits_1_when_the_whole_chain_was_rewritten_and_rehashed(organisation, logged):
    """What the chain alone cannot show: every event rewritten and rehashed, head record too."""
    events = logged(3)
    head = head_of(events[-1])
    rewrite_and_rehash(events, organisation)
    assert verify_chain(organisation) is None  # the rewritten chain is self-consistent
    returncode, _, err = verify_failing("--expect-head", head)
    assert returncode == 1
    assert f"sequence 3, id {events[-1].pk}" in err and "differs from the recorded head" in err


def test_it_exits_1_when_the_chain_before_the_head_is_broken(organisation, logged):
    events = logged(3)
    tamper("UPDATE core_auditevent SET changes = %s WHERE id = %s", ('{"step": [7, 7]}', events[0].pk))
    returncode, _, err = verify_failing("--expect-head", head_of(events[1]))
    assert returncode == 1
    assert f"sequence 1, id {events[0].pk}" in err and "altered after it was written" in err


def test_it_exits_2_for_an_ill_formed_head(organisation, logged):
    logged(1)
    returncode, _, _ = verify_failing("--expect-head", "12:not-a-hash")
    assert returncode == 2


def test_verify_head_tells_each_problem(organisation, other_organisation, logged):
    events = logged(2)
    assert verify_head(organisation, events[1].pk, events[1].hash) is None
    assert "rewritten" in verify_head(organisation, events[1].pk, "0" * 64).reason
    assert "no longer in the chain" in verify_head(other_organisation, events[1].pk, events[1].hash).reason


def rewrite_and_rehash(events, organisation) -> None:
    """Change the first event and recompute every hash after it, as a database owner could."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.filter(organisation=organisation).order_by("sequence"):
        if event.sequence == 1:
            event.changes = {"step": [0, 99]}
        event.prev_hash = previous
        event.hash = compute_hash(event)
        tamper(
            "UPDATE core_auditevent SET changes = %s, prev_hash = %s, hash = %s WHERE id = %s",
            (json.dumps(event.changes), event.prev_hash, event.hash, event.pk),
        )
        previous = event.hash
    tamper("UPDATE core_auditchainhead SET last_hash = %s WHERE organisation_id = %s", (previous, organisation.pk))
