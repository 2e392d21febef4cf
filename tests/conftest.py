"""Shared fixtures of every app's tests: one organisation with a member of every role, and an outsider.

alice is the owner, carol compliance, larry legal, rita requester, aaron approver,
audrey auditor; oscar belongs to another organisation only. `vendor` (TalentLens GmbH, DE)
and its `system` (TalentLens Screen) are there for tests about one system; factories for
everything else are in tests/factories.py. An app's conftest adds only what is its own.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.access import Actor
from core.audit_actions import register_action
from core.models import Membership, Organisation, Role
from tests.factories import AiSystemFactory, VendorFactory

PASSWORD = "correct-horse-battery-staple"

# Actions that only tests record (the audit log refuses unregistered ones).
TEST_ACTIONS = (
    "tests.thing.created",
    "tests.thing.updated",
    "tests.thing.done",
    "tests.acme.event",
    "tests.other.event",
    "tests.concurrent.appended",
    "tests.integration.configured",
    "tests.membership.touched",
    "tests.numbers.recorded",
)
for _code in TEST_ACTIONS:
    register_action(_code, f"Test event {_code.split('.', 1)[1]} of {{object}}")

# Marker → the variable that makes its skips count as failures (set by .ci/run), so CI
# cannot go green while the PostgreSQL-only or browser tests quietly did not run.
REQUIRED_WHEN = {"postgres": "REQUIRE_POSTGRES_TESTS", "browser": "REQUIRE_BROWSER_TESTS"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    required = [m for m, var in REQUIRED_WHEN.items() if item.get_closest_marker(m) and os.environ.get(var) == "1"]
    if required:
        report.outcome = "failed"
        report.longrepr = f"skipped, but {', '.join(required)} tests are required here: {report.longrepr}"


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in process, even when REDIS_URL is set, unless the test is about a real worker."""
    if request.node.get_closest_marker("celery"):
        yield
        return
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


ROLE_USERS = {
    Role.OWNER: "alice",
    Role.COMPLIANCE: "carol",
    Role.LEGAL: "larry",
    Role.REQUESTER: "rita",
    Role.APPROVER: "aaron",
    Role.AUDITOR: "audrey",
}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (with REDIS_URL set it is a shared Redis), e.g. no login lockouts."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """A deliberately slow hasher would cost ~0.3 s per user; tests check who may log in, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploads go to a fresh folder per test, so a test can see exactly what was stored (and var/ stays clean)."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


def make_user(username: str):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD, first_name=username.title()
    )


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Acme Buyer GmbH", slug="acme", country="DE", time_zone="Europe/Berlin")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Other Org SA", slug="other", country="FR", time_zone="Europe/Paris")


@pytest.fixture
def members(organisation) -> dict[str, Membership]:
    """Role → membership in `organisation`."""
    return {
        role: Membership.objects.create(user=make_user(username), organisation=organisation, role=role)
        for role, username in ROLE_USERS.items()
    }


@pytest.fixture
def outsider(other_organisation) -> Membership:
    return Membership.objects.create(user=make_user("oscar"), organisation=other_organisation, role=Role.OWNER)


@pytest.fixture
def owner(members) -> Membership:
    return members[Role.OWNER]


@pytest.fixture
def owner_actor(owner) -> Actor:
    return Actor.for_member(owner)


@pytest.fixture
def actor_of(members):
    """actor_of(role) → the Actor of that role's member in `organisation`."""
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def outsider_actor(outsider):
    return Actor.for_member(outsider)


@pytest.fixture
def vendor(organisation, owner):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH", country="DE", created_by=owner.user)


@pytest.fixture
def system(vendor, owner):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen", created_by=owner.user)


@pytest.fixture
def auditor(members) -> Membership:
    return members[Role.AUDITOR]


def client_for(client, membership: Membership):
    client.force_login(membership.user)
    session = client.session
    session["organisation_id"] = membership.organisation_id
    session.save()
    return client


@pytest.fixture
def login(client):
    """login(membership) → a Django test client signed in as that member."""
    return lambda membership: client_for(client, membership)


@pytest.fixture
def api_client_for(db):
    """api_client_for(membership) → a DRF client with a session in that member's organisation."""
    from rest_framework.test import APIClient

    def make(membership: Membership) -> APIClient:
        return client_for(APIClient(), membership)

    return make
