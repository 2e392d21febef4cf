"""`manage.py verify_audit_log`: one line per organisation, exit 1 on a broken chain, 2 on an unknown slug."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.access import Actor
from core.audit import record
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
