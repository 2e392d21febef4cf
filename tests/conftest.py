"""Shared fixtures: one organisation with a member of every role, and an outsider.

alice is the owner, carol compliance, larry legal, rita requester, aaron approver,
audrey auditor; oscar belongs to another organisation only.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.access import Actor
from core.models import Membership, Organisation, Role

PASSWORD = "correct-horse-battery-staple"

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
