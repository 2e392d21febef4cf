"""Personal API tokens: created for oneself, shown once, stored as a hash, revocable."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.access import Actor
from core.models import ApiToken, AuditEvent, Role
from core.services import api_token_create, api_token_revoke
from core.tokens import TOKEN_PREFIX, find_active_token


def token_events(organisation, action):
    return list(AuditEvent.objects.filter(organisation=organisation, action=action))


def test_it_stores_only_the_hash_of_a_new_token(auditor):
    token, raw_value = api_token_create(actor=Actor.for_member(auditor), name="  CI export  ")
    assert raw_value.startswith(TOKEN_PREFIX) and len(raw_value) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw_value.encode()).hexdigest()
    assert raw_value not in {stored.name, stored.prefix, stored.token_hash}
    assert raw_value.startswith(stored.prefix)
    assert (stored.name, stored.membership) == ("CI export", auditor)
    assert find_active_token(raw_value) == stored


def test_it_records_the_creation_without_the_value_or_its_hash(auditor, organisation):
    token, raw_value = api_token_create(actor=Actor.for_member(auditor), name="CI export")
    [event] = token_events(organisation, "core.api_token.created")
    assert event.changes == {"name": [None, "CI export"], "prefix": [None, token.prefix]}
    everything = json.dumps([event.changes, event.object_label, event.actor_label])
    assert raw_value not in everything
    assert token.token_hash not in everything


@pytest.mark.parametrize(("name", "message"), [("   ", "Name the token"), ("x" * 101, "under 100")])
def test_it_refuses_a_bad_name_and_writes_nothing(owner_actor, organisation, name, message):
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=owner_actor, name=name)
    assert message in error.value.message_dict["name"][0]
    assert not ApiToken.objects.exists()
    assert not token_events(organisation, "core.api_token.created")


def test_it_refuses_a_token_to_a_system_task(organisation):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=Actor.system(organisation, "importer"), name="robot")


def test_it_revokes_ones_own_token_once(members, organisation):
    rita = Actor.for_member(members[Role.REQUESTER])
    token, raw_value = api_token_create(actor=rita, name="laptop")
    api_token_revoke(actor=rita, token=token)
    api_token_revoke(actor=rita, token=token)  # a second click changes nothing
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active
    assert find_active_token(raw_value) is None
    [event] = token_events(organisation, "core.api_token.revoked")
    assert event.changes["holder"] == "rita"
    assert event.changes["revoked_at"][0] is None


def test_it_lets_an_owner_revoke_anyones_token(owner_actor, members):
    token, _ = api_token_create(actor=Actor.for_member(members[Role.LEGAL]), name="contracts sync")
    api_token_revoke(actor=owner_actor, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.AUDITOR, Role.APPROVER])
def test_it_refuses_revoking_another_members_token(members, organisation, role):
    token, _ = api_token_create(actor=Actor.for_member(members[Role.LEGAL]), name="contracts sync")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=Actor.for_member(members[role]), token=token)
    token.refresh_from_db()
    assert token.is_active
    assert not token_events(organisation, "core.api_token.revoked")


def test_it_refuses_revoking_a_token_of_another_organisation(owner_actor, outsider):
    token, _ = api_token_create(actor=Actor.for_member(outsider), name="theirs")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=owner_actor, token=token)
    token.refresh_from_db()
    assert token.is_active
