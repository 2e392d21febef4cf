"""Writes of the core app: organisations, memberships, API tokens and password changes.

Every function checks permission, validates, writes and appends its audit event in one
transaction, so a refused or invalid call changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.access import Actor, Capability
from core.audit import created, diff, record
from core.audit_actions import (
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    MEMBERSHIP_CREATED,
    MEMBERSHIP_REMOVED,
    MEMBERSHIP_ROLE_CHANGED,
    ORGANISATION_CREATED,
    USER_PASSWORD_CHANGED,
)
from core.models import ApiToken, Membership, Organisation, Role
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
        _record_membership_created(actor, membership, new_account=False)
    return organisation


# Members ---------------------------------------------------------------------------------


def _require_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"“{role}” is not a role. Choose one of: {', '.join(Role.labels)}."})


def _require_same_organisation(actor: Actor, organisation_id: int) -> None:
    # Views load objects scoped (404 for others); this guards other callers of the service.
    if organisation_id != actor.organisation.pk:
        raise PermissionDenied("This belongs to another organisation.")


def _find_existing_user(username: str, email: str):
    """The account an invitation means, or None for a new one; ValidationError when the two disagree."""
    if username:
        user = User.objects.filter(username__iexact=username).first()
        if user is not None:
            if email and user.email.lower() != email.lower():
                raise ValidationError(
                    {"email": f"The existing account “{user.username}” has another email address; check both."}
                )
            return user
    if not email:
        return None
    same_email = list(User.objects.filter(email__iexact=email)[:2])
    if len(same_email) > 1:
        raise ValidationError({"email": "Several accounts use this email address; enter the username as well."})
    if same_email and username:
        raise ValidationError(
            {"username": f"This email address belongs to the account “{same_email[0].username}”; use that username."}
        )
    return same_email[0] if same_email else None


def _new_user(*, username: str, email: str, first_name: str, last_name: str, password: str):
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["No account uses this email address; enter a username to create one."]
    if not email:
        errors["email"] = ["Enter an email address for the new account."]
    if not password:
        errors["password"] = ["Enter an initial password for the new account."]
    else:
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    if password:
        user.set_password(password)
    try:
        user.full_clean(exclude=["password", *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    user.save()
    return user


def _record_membership_created(actor: Actor, membership: Membership, *, new_account: bool) -> None:
    user = membership.user
    record(
        actor,
        MEMBERSHIP_CREATED,
        membership,
        label=user.get_username(),
        changes=created({"user": user.get_username(), "email": user.email, "role": membership.role})
        | {"new_account": new_account},
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
) -> Membership:
    """Add a person to the actor's organisation: an existing account (by username or email) or a new one.

    An existing account keeps its own name and password; those fields only shape a new account.
    """
    actor.require(Capability.MANAGE_MEMBERS)
    _require_role(role)
    username, email = username.strip(), User.objects.normalize_email(email.strip())
    if not username and not email:
        raise ValidationError({"username": "Enter a username, or the email address of an existing account."})
    user = _find_existing_user(username, email)
    if user is not None and Membership.objects.filter(user=user, organisation=actor.organisation).exists():
        raise ValidationError({"username": f"“{user.username}” is already a member of this organisation."})
    new_account = user is None
    if new_account:
        user = _new_user(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            password=password,
        )
    membership = Membership.objects.create(user=user, organisation=actor.organisation, role=role)
    _record_membership_created(actor, membership, new_account=new_account)
    return membership


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
def user_password_change(*, user: AbstractBaseUser, new_password: str) -> None:
    """A user sets their own password (already validated by the form).

    The account is shared by all its organisations, so each one's log records the change.
    """
    before = {"password": user.password}
    user.set_password(new_password)
    user.save(update_fields=["password"])
    changes = diff(before, {"password": user.password})
    for membership in Membership.objects.filter(user=user).select_related("organisation", "user"):
        record(Actor.for_member(membership), USER_PASSWORD_CHANGED, user, label=user.get_username(), changes=changes)
