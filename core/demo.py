"""Demo organisations and one login per role, for trying the tracker out (`manage.py seed_demo`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from core import services
from core.access import Actor
from core.models import Membership, Organisation, Role

DEMO_PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    slug: str
    country: str
    time_zone: str
    members: tuple[tuple[str, Role], ...]  # (username, role); the first is the owner who sets it up


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        name="Northwind Retail Group",
        slug="northwind",
        country="DE",
        time_zone="Europe/Berlin",
        members=(
            ("owner", Role.OWNER),
            ("compliance", Role.COMPLIANCE),
            ("legal", Role.LEGAL),
            ("requester", Role.REQUESTER),
            ("approver", Role.APPROVER),
            ("auditor", Role.AUDITOR),
        ),
    ),
    DemoOrganisation(
        name="Contoso Public Services",
        slug="contoso",
        country="FR",
        time_zone="Europe/Paris",
        members=(("contoso", Role.OWNER),),
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str
    created: bool  # False when the account or membership already existed


def _demo_email(username: str, slug: str) -> str:
    return f"{username}@{slug}.example"


def _owner_account(username: str, slug: str):
    """The owner's account: created with the demo password, or left as it is when it exists."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = user_model.objects.create_user(
        username=username, email=_demo_email(username, slug), password=DEMO_PASSWORD, first_name=username.title()
    )
    return user, True


@transaction.atomic
def _ensure_organisation(spec: DemoOrganisation) -> list[DemoLogin]:
    logins = []
    owner_name, _ = spec.members[0]
    organisation = Organisation.objects.filter(slug=spec.slug).first()
    if organisation is None:
        owner, _ = _owner_account(owner_name, spec.slug)
        organisation = services.organisation_create(
            name=spec.name, slug=spec.slug, country=spec.country, time_zone=spec.time_zone, owner=owner
        )
        logins.append(DemoLogin(owner_name, DEMO_PASSWORD, Role.OWNER.label, spec.name, True))
    else:
        logins.append(DemoLogin(owner_name, DEMO_PASSWORD, Role.OWNER.label, spec.name, False))
    owner_membership = Membership.objects.get(organisation=organisation, user__username=owner_name)
    actor = Actor.for_member(owner_membership)
    for username, role in spec.members[1:]:
        exists = Membership.objects.filter(organisation=organisation, user__username=username).exists()
        if not exists:
            invitation = services.member_invite(
                actor=actor,
                username=username,
                email=_demo_email(username, spec.slug),
                role=role,
                first_name=username.title(),
                password=DEMO_PASSWORD,
            )
            invitee = get_user_model().objects.get(username=username)
            services.invitation_accept(user=invitee, invitation_id=invitation.pk)
        logins.append(DemoLogin(username, DEMO_PASSWORD, role.label, spec.name, not exists))
    return logins


def ensure_demo_organisations() -> list[DemoLogin]:
    """Create the demo organisations and their members where missing; the logins of all of them."""
    return [login for spec in DEMO_ORGANISATIONS for login in _ensure_organisation(spec)]


def demo_actor(organisation_slug: str, username: str) -> Actor:
    """Act as one demo member, so that seeded data has a real author in the audit log."""
    membership = Membership.objects.select_related("organisation", "user").get(
        organisation__slug=organisation_slug, user__username=username
    )
    return Actor.for_member(membership)
