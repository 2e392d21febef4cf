"""Writes of the core app: organisations, memberships, API tokens and password changes.

Every function checks permission, validates, writes and appends its audit event in one
transaction, so a refused or invalid call changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.access import Actor, Capability
from core.audit import created, diff, record
from core.audit_actions import (
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    INVITATION_CREATED,
    INVITATION_DECLINED,
    INVITATION_WITHDRAWN,
    MEMBERSHIP_CREATED,
    MEMBERSHIP_LEFT,
    MEMBERSHIP_REMOVED,
    MEMBERSHIP_ROLE_CHANGED,
    ORGANISATION_CREATED,
    USER_PASSWORD_CHANGED,
)
from core.emails import absolute_url, make_message
from core.models import ApiToken, Invitation, Membership, Organisation, Role
from core.tokens import generate_token_value, hash_token

User = get_user_model()


# Organisations ---------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, country: str, time_zone: str = "Europe/Brussels", owner: AbstractBaseUser | None = None
) -> Organisation:
    """Set up an organisation (seed data, tests, admin); `owner` becomes its first owner.

    There is no member to act for yet, so the events are recorded as a system task.
    """
    organisation = Organisation(name=name.strip(), slug=slug.strip(), country=country, time_zone=time_zone)
    organisation.full_clean()
    organisation.save()
    actor = Actor.system(organisation, "organisation_create")
    record(
        actor,
        ORGANISATION_CREATED,
        organisation,
        changes=created(
            {"name": organisation.name, "slug": organisation.slug, "country": country, "time_zone": time_zone}
        ),
    )
    if owner is not None:
        membership = Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
        _record_membership_created(actor, membership)
    return organisation


# Members ---------------------------------------------------------------------------------


def _require_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"“{role}” is not a role. Choose one of: {', '.join(Role.labels)}."})


def _require_same_organisation(actor: Actor, organisation_id: int) -> None:
    # Views load objects scoped (404 for others); this guards other callers of the service.
    if organisation_id != actor.organisation.pk:
        raise PermissionDenied("This belongs to another organisation.")


INVITATION_DAYS = 14


def _validate_invitee(username: str, email: str, password: str) -> None:
    """Shape checks only: none of them depends on whether an account exists, so errors tell nothing about one."""
    errors: dict[str, list[str]] = {}
    if not username and not email:
        errors["username"] = ["Enter the person's username or email address."]
    if username:
        try:
            User.username_validator(username)
        except ValidationError as exc:
            errors["username"] = exc.messages
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
    if password:
        try:
            validate_password(password, user=User(username=username, email=email))
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)


def _account_holding(username: str, email: str):
    """Any account that already holds the username or the email address (it must never be taken over)."""
    holders = Q(username__iexact=username) if username else Q(pk__in=[])
    if email:
        holders |= Q(email__iexact=email)
    return User.objects.filter(holders).first()


def _matching_invitations(user) -> Q:
    """Invitations addressed to this account: every identifier the owner gave must be the account's."""
    by_username = Q(username="") | Q(username__iexact=user.get_username())
    by_email = Q(email="") | Q(email__iexact=user.email) if user.email else Q(email="")
    return by_username & by_email


def _already_in_organisation(organisation: Organisation, username: str, email: str) -> bool:
    """About this organisation's own members and open invitations only, which its owner sees anyway."""
    member = Q(user__username__iexact=username) if username else Q(user__email__iexact=email)
    invited = Q(username__iexact=username) if username else Q(email__iexact=email)
    return (
        Membership.objects.filter(member, organisation=organisation).exists()
        or Invitation.objects.open().filter(invited, organisation=organisation).exists()
    )


def pending_invitations_for(user):
    """The invitations a signed-in account may accept: open, unexpired, to organisations it is not in yet."""
    return (
        Invitation.objects.open()
        .filter(_matching_invitations(user))
        .exclude(organisation__memberships__user=user)
        .select_related("organisation", "invited_by")
        .order_by("created_at")
    )


def _record_membership_created(actor: Actor, membership: Membership, **extra) -> None:
    user = membership.user
    record(
        actor,
        MEMBERSHIP_CREATED,
        membership,
        label=user.get_username(),
        changes=created({"user": user.get_username(), "email": user.email, "role": membership.role}) | extra,
    )


@transaction.atomic
def member_invite(
    *,
    actor: Actor,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> Invitation:
    """Invite a person by username and/or email address; they join when they accept it after signing in.

    The outcome looks the same whether or not an account holds that username or address,
    so the form cannot be used to find out who has an account here. When none does and a
    username, address and initial password are given, a new account is made for the person
    (who then accepts on first sign-in); an existing account is never changed.
    """
    actor.require(Capability.MANAGE_MEMBERS)
    _require_role(role)
    username, email = username.strip(), User.objects.normalize_email(email.strip())
    _validate_invitee(username, email, password)
    if _already_in_organisation(actor.organisation, username, email):
        raise ValidationError(
            {"username" if username else "email": f"“{username or email}” is already a member or invited."}
        )
    if username and email and password and _account_holding(username, email) is None:
        user = User(username=username, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
    invitation = Invitation.objects.create(
        organisation=actor.organisation,
        username=username,
        email=email,
        role=role,
        invited_by=actor.user,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record(
        actor,
        INVITATION_CREATED,
        invitation,
        label=invitation.addressee,
        changes=created({"username": username, "email": email, "role": role}),
    )
    return invitation


def _pending_invitation_of(user, invitation_id: int) -> Invitation:
    """The invitation, locked, when it is open and addressed to this account; else ValidationError."""
    invitation = (
        Invitation.objects.select_for_update()
        .open()
        .filter(_matching_invitations(user), pk=invitation_id)
        .select_related("organisation")
        .first()
    )
    if invitation is None:
        raise ValidationError("This invitation is no longer open: it was answered, withdrawn or has expired.")
    return invitation


@transaction.atomic
def invitation_accept(*, user, invitation_id: int) -> Membership:
    """The invited account joins the organisation with the offered role."""
    invitation = _pending_invitation_of(user, invitation_id)
    membership, new = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "last_chosen_at": timezone.now()},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if new:
        _record_membership_created(Actor.for_member(membership), membership, invitation=invitation.pk)
    return membership


@transaction.atomic
def invitation_decline(*, user, invitation_id: int) -> Invitation:
    invitation = _pending_invitation_of(user, invitation_id)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    # Not a member, so the event is the system's on the person's behalf.
    record(
        Actor.system(invitation.organisation, "invitation_answer"),
        INVITATION_DECLINED,
        invitation,
        label=invitation.addressee,
        changes={"declined_by": user.get_username()},
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: Actor, invitation: Invitation) -> Invitation:
    actor.require(Capability.MANAGE_MEMBERS)
    _require_same_organisation(actor, invitation.organisation_id)
    if Invitation.objects.open().filter(pk=invitation.pk).update(withdrawn_at=timezone.now()):
        record(actor, INVITATION_WITHDRAWN, invitation, label=invitation.addressee)
    return invitation


def _require_another_owner(membership: Membership, field: str | None) -> None:
    """Refuse to take the owner role from the organisation's last owner.

    Locking every owner row makes two owners demoting each other at once queue up, and
    reading the roles under the lock sees the other's change.
    """
    owners = Membership.objects.select_for_update().filter(organisation=membership.organisation_id, role=Role.OWNER)
    if list(owners.order_by("pk").values_list("pk", flat=True)) == [membership.pk]:
        message = (
            f"“{membership.user.get_username()}” is the last owner of this organisation; "
            "make another member an owner first."
        )
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def member_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    actor.require(Capability.MANAGE_MEMBERS)
    _require_same_organisation(actor, membership.organisation_id)
    _require_role(role)
    if role == membership.role:
        return membership
    if membership.role == Role.OWNER:
        _require_another_owner(membership, "role")
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor,
        MEMBERSHIP_ROLE_CHANGED,
        membership,
        label=membership.user.get_username(),
        changes=diff(before, {"role": role}),
    )
    return membership


@transaction.atomic
def member_remove(*, actor: Actor, membership: Membership) -> None:
    """Remove a person from the organisation; their API tokens for it go with the membership."""
    actor.require(Capability.MANAGE_MEMBERS)
    _require_same_organisation(actor, membership.organisation_id)
    _require_another_owner(membership, None)
    record(
        actor,
        MEMBERSHIP_REMOVED,
        membership,
        label=membership.user.get_username(),
        changes=diff({"user": membership.user.get_username(), "role": membership.role}, {}),
    )
    membership.delete()


@transaction.atomic
def member_leave(*, actor: Actor) -> None:
    """A member leaves the organisation (not its last owner); their tokens for it go with the membership."""
    membership = actor.membership
    if membership is None:
        raise PermissionDenied("Only members can leave an organisation.")
    _require_another_owner(membership, None)
    record(
        actor,
        MEMBERSHIP_LEFT,
        membership,
        label=membership.user.get_username(),
        changes=diff({"user": membership.user.get_username(), "role": membership.role}, {}),
    )
    membership.delete()


# API tokens ------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A personal token of the acting member; the raw value is returned here and never again."""
    if actor.membership is None:
        raise PermissionDenied("Only members can hold API tokens.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the token after where you will use it (for example “CI export”)."})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "Keep the name under 100 characters."})
    raw_value, prefix = generate_token_value()
    token = ApiToken.objects.create(
        membership=actor.membership, name=name, prefix=prefix, token_hash=hash_token(raw_value)
    )
    # Only the name and the public prefix: neither the value nor its hash belongs in the log.
    record(actor, API_TOKEN_CREATED, token, changes=created({"name": name, "prefix": prefix}))
    return token, raw_value


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Members revoke their own tokens; owners any token of their organisation. Revoking twice is a no-op."""
    _require_same_organisation(actor, token.membership.organisation_id)
    if token.membership_id != getattr(actor.membership, "pk", None):
        actor.require(Capability.MANAGE_MEMBERS)
    now = timezone.now()
    # A conditional update claims the revocation, so two concurrent calls record one event.
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.refresh_from_db(fields=["revoked_at"])
        return token
    token.revoked_at = now
    record(
        actor,
        API_TOKEN_REVOKED,
        token,
        changes=diff({"revoked_at": None}, {"revoked_at": now}) | {"holder": token.membership.user.get_username()},
    )
    return token


# Accounts --------------------------------------------------------------------------------


@transaction.atomic
def user_password_change(
    *, user: AbstractBaseUser, new_password: str, revoke_tokens: bool, action: str = USER_PASSWORD_CHANGED
) -> int:
    """A user sets their own password (already validated by the form); the number of API tokens revoked.

    A new password is often a reaction to a leak, and a token keeps working without the
    password, so the user's tokens in every organisation can go with it (`revoke_tokens`).
    The account is shared by all its organisations, so each one's log records the change.
    """
    before = {"password": user.password}
    user.set_password(new_password)
    user.save(update_fields=["password"])
    changes = diff(before, {"password": user.password})
    memberships = list(Membership.objects.filter(user=user).select_related("organisation", "user"))
    for membership in memberships:
        record(Actor.for_member(membership), action, user, label=user.get_username(), changes=changes)
    if not revoke_tokens:
        return 0
    tokens = ApiToken.objects.filter(membership__in=memberships, revoked_at__isnull=True).select_related(
        "membership__organisation", "membership__user"
    )
    for token in tokens:
        api_token_revoke(actor=Actor.for_member(token.membership), token=token)
    return len(tokens)


def password_reset_send(*, email: str) -> int:
    """Mail a link to set a new password to every active account with this address; how many were sent.

    Called from a task, so the page answers alike (and as fast) whether an account exists.
    """
    sent = 0
    for user in PasswordResetForm().get_users(email):
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user,
            "reset_url": absolute_url(path),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        make_message("password_reset", [user.email], context).send()
        sent += 1
    return sent
