"""Demo organisations, one login per role, and the registry of demo-data steps (`manage.py seed_demo`).

Each app adds its demo data as a step, in its own `<app>/demo.py` (the command imports
every app's `demo` module):

    from core.demo import register_demo_step

    @register_demo_step(order=50)
    def seed_contracts(context) -> dict[str, int]:
        '''Contracts of the demo systems.'''
        ...
        return {"contracts": created}

Orders: vendors 10, assessments 20, deadlines 30, compliance 40, contracts 50, incidents 60,
duties 70, procurement 80, portal 90, evidence 100.

`seed_demo` runs the steps in order once per demo organisation. `context` is a
`DemoContext`: `context.organisation`, `context.actor` (the member who enters the data, so
the audit log has a real author), `context.members` (role → membership),
`context.actor_for(role)` and `context.organisations` (all demo organisations). A step
returns how many objects of each kind it created, and must be idempotent: a second run
creates nothing new and returns zeros (or nothing). The first line of its docstring is its
title in the output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
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


# Who enters the seeded data in each demo organisation (it shows in the audit log).
DATA_ENTRY_MEMBER = {"northwind": "compliance", "contoso": "contoso"}


def ensure_demo_organisations() -> list[DemoLogin]:
    """Create the demo organisations and their members where missing; the logins of all of them."""
    return [login for spec in DEMO_ORGANISATIONS for login in _ensure_organisation(spec)]


def demo_actor(organisation_slug: str, username: str) -> Actor:
    """Act as one demo member, so that seeded data has a real author in the audit log."""
    membership = Membership.objects.select_related("organisation", "user").get(
        organisation__slug=organisation_slug, user__username=username
    )
    return Actor.for_member(membership)


# Demo-data steps ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoContext:
    organisation: Organisation
    actor: Actor  # enters the data
    members: dict[Role, Membership]
    organisations: tuple[Organisation, ...] = ()

    def actor_for(self, role: Role) -> Actor:
        return Actor.for_member(self.members[role])


DemoStep = Callable[[DemoContext], "dict[str, int] | None"]


@dataclass(frozen=True)
class RegisteredStep:
    order: int
    name: str
    title: str
    run: DemoStep = field(compare=False)


_STEPS: dict[str, RegisteredStep] = {}


def register_demo_step(*, order: int, title: str | None = None):
    """Decorator: add `step(context) -> counts` to seed_demo; the same step registered twice is an error."""

    def decorator(step: DemoStep) -> DemoStep:
        name = f"{step.__module__}.{step.__qualname__}"
        if name in _STEPS:
            raise ImproperlyConfigured(f"The demo step {name} is registered twice.")
        heading = title or (step.__doc__ or step.__name__).strip().splitlines()[0].rstrip(".")
        _STEPS[name] = RegisteredStep(order=order, name=name, title=heading, run=step)
        return step

    return decorator


def demo_steps() -> list[RegisteredStep]:
    """The steps in order (registration order among equals)."""
    return sorted(_STEPS.values(), key=lambda step: step.order)


def demo_contexts() -> list[DemoContext]:
    """One context per demo organisation that exists, in name order."""
    organisations = tuple(Organisation.objects.filter(slug__in=DATA_ENTRY_MEMBER).order_by("name"))
    contexts = []
    for organisation in organisations:
        memberships = Membership.objects.filter(organisation=organisation).select_related("user", "organisation")
        members = {}
        for membership in memberships.order_by("pk"):
            members.setdefault(Role(membership.role), membership)
        actor = demo_actor(organisation.slug, DATA_ENTRY_MEMBER[organisation.slug])
        contexts.append(DemoContext(organisation, actor, members, organisations))
    return contexts
