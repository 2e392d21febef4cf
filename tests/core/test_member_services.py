"""Organisations and members: the audited services behind the members page."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.access import Actor
from core.audit import MASK
from core.models import ApiToken, AuditEvent, Invitation, Membership, Organisation, Role
from core.services import (
    api_token_create,
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    member_change_role,
    member_invite,
    member_leave,
    member_remove,
    organisation_create,
    pending_invitations_for,
    user_password_change,
)
from tests.conftest import PASSWORD, make_user

User = get_user_model()
NEW_PASSWORD = "a-long-and-unusual-passphrase"


def events(organisation, action):
    return list(AuditEvent.objects.filter(organisation=organisation, action=action))


def invite(actor, **overrides):
    fields = {
        "username": "nina",
        "email": "nina@example.test",
        "first_name": "Nina",
        "last_name": "New",
        "role": Role.COMPLIANCE,
        "password": NEW_PASSWORD,
    }
    return member_invite(actor=actor, **(fields | overrides))


# Organisations ---------------------------------------------------------------------------


def test_it_creates_an_organisation_with_its_first_owner(db):
    founder = make_user("fiona")
    organisation = organisation_create(
        name="Beta Buyer BV", slug="beta", country="NL", time_zone="Europe/Amsterdam", owner=founder
    )
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER
    created, membership_created = AuditEvent.objects.filter(organisation=organisation).order_by("sequence")
    assert created.action == "core.organisation.created"
    assert created.changes["slug"] == [None, "beta"]
    assert created.actor_label == "system:organisation_create"
    assert membership_created.action == "core.membership.created"
    assert membership_created.changes["user"] == [None, "fiona"]


def test_it_refuses_an_unknown_time_zone_and_writes_nothing(db):
    with pytest.raises(ValidationError) as error:
        organisation_create(name="Gamma", slug="gamma", country="DE", time_zone="Mars/Olympus")
    assert "time_zone" in error.value.message_dict
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_taken_slug(organisation):
    with pytest.raises(ValidationError) as error:
        organisation_create(name="Another name", slug="acme", country="DE")
    assert "slug" in error.value.message_dict


# Inviting ----------------------------------------------------------------------------------


def test_it_makes_a_new_account_that_joins_only_on_accepting(owner_actor, organisation):
    invitation = invite(owner_actor)
    nina = User.objects.get(username="nina")
    assert (nina.email, nina.first_name, nina.last_name) == ("nina@example.test", "Nina", "New")
    assert nina.check_password(NEW_PASSWORD)
    assert not Membership.objects.filter(user=nina).exists()
    [event] = events(organisation, "core.invitation.created")
    assert event.actor_label == "alice"
    assert event.changes == {
        "username": [None, "nina"],
        "email": [None, "nina@example.test"],
        "role": [None, "compliance"],
    }
    assert NEW_PASSWORD not in str(event.changes)

    membership = invitation_accept(user=nina, invitation_id=invitation.pk)
    assert (membership.organisation, membership.role) == (organisation, Role.COMPLIANCE)
    [joined] = events(organisation, "core.membership.created")
    assert joined.actor_label == "nina"
    assert joined.changes["invitation"] == invitation.pk


def test_an_account_of_another_organisation_is_only_invited_never_added(owner_actor, outsider, organisation):
    """The finding: an owner could pull another organisation's account into theirs without consent."""
    invite(owner_actor, username="OSCAR", email="", password=NEW_PASSWORD, first_name="Changed", role=Role.AUDITOR)
    oscar = outsider.user
    oscar.refresh_from_db()
    assert not Membership.objects.filter(user=oscar, organisation=organisation).exists()
    assert oscar.first_name == "Oscar" and oscar.check_password(PASSWORD)  # the account is untouched
    [invitation] = pending_invitations_for(oscar)
    assert invitation.organisation == organisation


def test_an_invitation_by_email_alone_reaches_the_account(owner_actor, outsider):
    invite(owner_actor, username="", email="Oscar@Example.test", password="")
    assert [i.email for i in pending_invitations_for(outsider.user)] == ["Oscar@example.test"]


def test_an_invitation_whose_email_is_not_the_accounts_does_not_reach_it(owner_actor, outsider):
    invite(owner_actor, username="oscar", email="someone-else@example.test", password="")
    assert not pending_invitations_for(outsider.user).exists()


@pytest.mark.parametrize(
    "identity",
    [
        {"username": "oscar", "email": ""},
        {"username": "nobody", "email": ""},
        {"username": "", "email": "oscar@example.test"},
        {"username": "", "email": "nobody@example.test"},
        {"username": "oscar", "email": "nobody@example.test", "password": NEW_PASSWORD},
        {"username": "nobody", "email": "oscar@example.test", "password": NEW_PASSWORD},
    ],
)
def test_the_outcome_does_not_tell_whether_an_account_exists(owner_actor, outsider, identity):
    invitation = invite(owner_actor, **({"password": ""} | identity))
    assert invitation.pk is not None
    assert invitation.addressee == (identity["username"] or identity["email"])
    assert User.objects.filter(username="nobody").count() == 0  # an address or name already held: no new account


def test_it_refuses_an_expired_invitation_and_one_meant_for_someone_else(owner_actor, members, outsider):
    invitation = invite(owner_actor, username="oscar", email="", password="")
    with pytest.raises(ValidationError, match="no longer open"):
        invitation_accept(user=members[Role.AUDITOR].user, invitation_id=invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="no longer open"):
        invitation_accept(user=outsider.user, invitation_id=invitation.pk)
    assert not Membership.objects.filter(user=outsider.user, organisation=owner_actor.organisation).exists()


def test_a_declined_or_withdrawn_invitation_cannot_be_accepted(owner_actor, outsider, organisation):
    declined = invite(owner_actor, username="oscar", email="", password="")
    invitation_decline(user=outsider.user, invitation_id=declined.pk)
    assert events(organisation, "core.invitation.declined")[0].changes == {"declined_by": "oscar"}
    withdrawn = invite(owner_actor, username="oscar", email="", password="")
    invitation_withdraw(actor=owner_actor, invitation=withdrawn)
    for invitation in (declined, withdrawn):
        with pytest.raises(ValidationError):
            invitation_accept(user=outsider.user, invitation_id=invitation.pk)
    assert not pending_invitations_for(outsider.user).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": "superhero"}, "role", "is not a role"),
        ({"username": "", "email": ""}, "username", "Enter the person's username or email address"),
        ({"password": "short"}, "password", "too short"),
        ({"password": "nina@example.test"}, "password", "too similar"),
        ({"password": "password1234"}, "password", "too common"),
        ({"username": "bad name!"}, "username", "Enter a valid username"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_it_refuses_bad_input_field_by_field(owner_actor, organisation, overrides, field, message):
    users_before = User.objects.count()
    with pytest.raises(ValidationError) as error:
        invite(owner_actor, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert User.objects.count() == users_before
    assert not Invitation.objects.exists()
    assert not events(organisation, "core.invitation.created")


def test_it_refuses_inviting_a_member_or_someone_already_invited(owner_actor, members, organisation):
    with pytest.raises(ValidationError) as error:
        invite(owner_actor, username="carol", email="", password="")
    assert error.value.message_dict["username"] == ["“carol” is already a member or invited."]
    invite(owner_actor)
    with pytest.raises(ValidationError):
        invite(owner_actor)
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_it_lets_only_owners_invite(members, organisation, role):
    with pytest.raises(PermissionDenied):
        invite(Actor.for_member(members[role]))
    assert not User.objects.filter(username="nina").exists()


# Changing roles --------------------------------------------------------------------------


def test_it_changes_a_role_and_records_before_and_after(owner_actor, members, organisation):
    carol = members[Role.COMPLIANCE]
    member_change_role(actor=owner_actor, membership=carol, role=Role.LEGAL)
    carol.refresh_from_db()
    assert carol.role == Role.LEGAL
    [event] = events(organisation, "core.membership.role_changed")
    assert event.changes == {"role": ["compliance", "legal"]}
    assert event.object_label == "carol"


def test_it_records_nothing_when_the_role_stays_the_same(owner_actor, members, organisation):
    member_change_role(actor=owner_actor, membership=members[Role.LEGAL], role=Role.LEGAL)
    assert not events(organisation, "core.membership.role_changed")


def test_it_refuses_to_demote_the_last_owner(owner_actor, owner, organisation):
    with pytest.raises(ValidationError) as error:
        member_change_role(actor=owner_actor, membership=owner, role=Role.AUDITOR)
    assert "last owner" in error.value.message_dict["role"][0]
    owner.refresh_from_db()
    assert owner.role == Role.OWNER
    assert not events(organisation, "core.membership.role_changed")


def test_it_lets_an_owner_step_down_once_there_is_another(owner_actor, owner, members):
    member_change_role(actor=owner_actor, membership=members[Role.LEGAL], role=Role.OWNER)
    member_change_role(actor=owner_actor, membership=owner, role=Role.AUDITOR)
    owner.refresh_from_db()
    assert owner.role == Role.AUDITOR


def test_it_refuses_a_bad_role(owner_actor, members):
    with pytest.raises(ValidationError) as error:
        member_change_role(actor=owner_actor, membership=members[Role.LEGAL], role="boss")
    assert "role" in error.value.message_dict
    members[Role.LEGAL].refresh_from_db()
    assert members[Role.LEGAL].role == Role.LEGAL


def test_it_refuses_non_owners_changing_roles(members):
    with pytest.raises(PermissionDenied):
        member_change_role(
            actor=Actor.for_member(members[Role.COMPLIANCE]), membership=members[Role.AUDITOR], role=Role.OWNER
        )
    members[Role.AUDITOR].refresh_from_db()
    assert members[Role.AUDITOR].role == Role.AUDITOR


def test_it_refuses_a_membership_of_another_organisation(owner_actor, outsider):
    with pytest.raises(PermissionDenied):
        member_change_role(actor=owner_actor, membership=outsider, role=Role.AUDITOR)
    outsider.refresh_from_db()
    assert outsider.role == Role.OWNER


# Removing --------------------------------------------------------------------------------


def test_it_removes_a_member_with_their_tokens(owner_actor, members, organisation):
    rita = members[Role.REQUESTER]
    rita_pk = rita.pk  # Django clears the pk of a deleted instance
    api_token_create(actor=Actor.for_member(rita), name="script")
    member_remove(actor=owner_actor, membership=rita)
    assert not Membership.objects.filter(pk=rita_pk).exists()
    assert not ApiToken.objects.filter(membership_id=rita_pk).exists()
    assert User.objects.filter(username="rita").exists()  # the account stays; only the membership goes
    [event] = events(organisation, "core.membership.removed")
    assert event.object_id == str(rita_pk)
    assert event.changes == {"user": ["rita", None], "role": ["requester", None]}


def test_it_refuses_to_remove_the_last_owner(owner_actor, owner, organisation):
    with pytest.raises(ValidationError, match="last owner"):
        member_remove(actor=owner_actor, membership=owner)
    assert Membership.objects.filter(pk=owner.pk).exists()
    assert not events(organisation, "core.membership.removed")


def test_it_refuses_non_owners_removing_members(members):
    with pytest.raises(PermissionDenied):
        member_remove(actor=Actor.for_member(members[Role.APPROVER]), membership=members[Role.AUDITOR])
    assert Membership.objects.filter(pk=members[Role.AUDITOR].pk).exists()


def test_a_member_leaves_with_their_tokens(members, organisation):
    rita = members[Role.REQUESTER]
    rita_pk = rita.pk
    api_token_create(actor=Actor.for_member(rita), name="script")
    member_leave(actor=Actor.for_member(rita))
    assert not Membership.objects.filter(pk=rita_pk).exists()
    assert not ApiToken.objects.filter(membership_id=rita_pk).exists()
    [event] = events(organisation, "core.membership.left")
    assert event.actor_label == "rita" and event.changes == {"user": ["rita", None], "role": ["requester", None]}


def test_the_last_owner_cannot_leave(owner_actor, owner, organisation):
    with pytest.raises(ValidationError, match="last owner"):
        member_leave(actor=owner_actor)
    assert Membership.objects.filter(pk=owner.pk).exists()
    assert not events(organisation, "core.membership.left")


# Password changes ------------------------------------------------------------------------


def test_it_records_a_password_change_masked_in_every_organisation_of_the_user(owner, other_organisation):
    Membership.objects.create(user=owner.user, organisation=other_organisation, role=Role.AUDITOR)
    user_password_change(user=owner.user, new_password=NEW_PASSWORD, revoke_tokens=False)
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW_PASSWORD)
    recorded = AuditEvent.objects.filter(action="core.user.password_changed")
    assert {event.organisation for event in recorded} == {owner.organisation, other_organisation}
    for event in recorded:
        assert event.changes == {"password": [MASK, MASK]}
        assert event.object_type == "auth.user"
