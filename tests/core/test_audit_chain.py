"""The hash-chained audit log: appending, verifying, masking secrets and catching tampering."""

import json

import pytest
from django.core.exceptions import ValidationError

from core.access import Actor
from core.audit import GENESIS_HASH, MASK, compute_hash, created, diff, record, snapshot, verify_chain
from core.models import AuditChainHead, AuditEvent
from tests.core.conftest import tamper


def test_it_links_each_event_to_the_one_before(organisation, logged):
    first, second, third = logged(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    head = AuditChainHead.objects.get(organisation=organisation)
    assert (head.last_sequence, head.last_hash) == (3, third.hash)


def test_it_hashes_what_it_stored(logged):
    [event] = logged(1)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert compute_hash(stored) == stored.hash == event.hash


def test_it_keeps_one_chain_per_organisation(organisation, outsider, logged):
    logged(2)
    theirs = record(Actor.for_member(outsider), "tests.thing.created")
    assert theirs.sequence == 1 and theirs.prev_hash == GENESIS_HASH
    assert verify_chain(organisation) is None
    assert verify_chain(outsider.organisation) is None


def test_it_records_the_actor_and_object(owner, owner_actor):
    event = record(owner_actor, "tests.membership.touched", owner, changes={"role": ["owner", "owner"]})
    assert (event.actor_type, event.actor_user, event.actor_label) == ("user", owner.user, "alice")
    assert (event.object_type, event.object_id, event.object_label) == ("core.membership", str(owner.pk), str(owner))


def test_it_finds_an_untouched_chain_intact(organisation, logged):
    assert verify_chain(organisation) is None  # an empty log is intact too
    logged(5)
    assert verify_chain(organisation) is None


def test_it_verifies_a_chain_longer_than_one_batch(organisation, logged):
    logged(7)
    assert verify_chain(organisation, batch_size=2) is None


def test_it_refuses_deleting_an_event_through_the_orm(logged):
    [event] = logged(1)
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# Secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["password", "client_secret", "api_token", "token_hash", "API_KEY", "private_key"])
def test_it_masks_secret_fields_in_a_diff(field):
    assert diff({field: "old-value", "name": "a"}, {field: "new-value", "name": "b"}) == {
        field: [MASK, MASK],
        "name": ["a", "b"],
    }


def test_it_masks_secrets_of_a_created_object():
    assert created({"name": "webhook", "signing_secret": "s3cr3t"}) == {
        "name": [None, "webhook"],
        "signing_secret": [MASK, MASK],
    }


def test_it_masks_secrets_a_caller_put_in_changes_by_hand(owner_actor):
    event = record(
        owner_actor,
        "tests.integration.configured",
        changes={"password": "hunter2-hunter2", "settings": {"webhook_secret": "abc123"}, "url": "https://x.test"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == {"password": MASK, "settings": {"webhook_secret": MASK}, "url": "https://x.test"}
    assert "hunter2" not in json.dumps(stored.changes) and "abc123" not in json.dumps(stored.changes)


def test_it_snapshots_field_values_as_json(owner):
    values = snapshot(owner, ["role", "organisation", "created_at"])
    assert values["role"] == "owner"
    assert values["organisation"] == owner.organisation_id
    assert values["created_at"] == owner.created_at.isoformat()


# Tampering (raw SQL, as someone with database access would) -----------------------------


def test_it_catches_altered_changes(organisation, logged):
    events = logged(4)
    tamper("UPDATE core_auditevent SET changes = %s WHERE id = %s", ('{"step": [0, 99]}', events[1].pk))
    problem = verify_chain(organisation)
    assert (problem.sequence, problem.event_id) == (2, events[1].pk)
    assert "altered" in problem.reason


def test_it_catches_an_altered_action(organisation, logged):
    events = logged(3)
    tamper("UPDATE core_auditevent SET action = %s WHERE id = %s", ("tests.thing.viewed", events[2].pk))
    problem = verify_chain(organisation)
    assert (problem.sequence, problem.event_id) == (3, events[2].pk)


def test_it_catches_an_event_rewritten_with_a_fresh_hash(organisation, logged):
    events = logged(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.action = "tests.thing.viewed"
    tamper(
        "UPDATE core_auditevent SET action = %s, hash = %s WHERE id = %s",
        (forged.action, compute_hash(forged), forged.pk),
    )
    problem = verify_chain(organisation)
    assert (problem.sequence, problem.event_id) == (3, events[2].pk)  # the next link no longer fits
    assert "previous-hash" in problem.reason


def test_it_catches_a_removed_event_in_the_middle(organisation, logged):
    events = logged(5)
    tamper("DELETE FROM core_auditevent WHERE id = %s", (events[2].pk,))
    problem = verify_chain(organisation)
    assert (problem.sequence, problem.event_id) == (4, events[3].pk)
    assert "expected event #3" in problem.reason


def test_it_catches_removed_events_at_the_tail_through_the_head(organisation, logged):
    events = logged(5)
    tamper("DELETE FROM core_auditevent WHERE id IN (%s, %s)", (events[3].pk, events[4].pk))
    problem = verify_chain(organisation)
    assert problem.sequence is None
    assert "ends at #3 but its head records #5" in problem.reason


def test_it_catches_a_removed_chain_head(organisation, logged):
    logged(2)
    tamper("DELETE FROM core_auditchainhead WHERE organisation_id = %s", (organisation.pk,))
    assert "no head" in verify_chain(organisation).reason


@pytest.mark.django_db
def test_a_very_large_number_hashes_the_same_after_the_database_reads_it_back(owner_actor, organisation):
    record(owner_actor, "tests.numbers.recorded", organisation, changes={"compute": [None, 3e25], "ratio": [0.1, 2.5]})
    assert verify_chain(organisation) is None
