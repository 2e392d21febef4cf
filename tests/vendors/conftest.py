import pytest

from core.access import Actor
from core.models import Role
from tests.vendors.factories import AiSystemFactory, ContactFactory, GpaiModelFactory, VendorFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Seven accounts per test: the production hasher would make the setup take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def actor_of(members):
    """actor_of(role) → the Actor of that role's member in `organisation`."""
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def outsider_actor(outsider):
    return Actor.for_member(outsider)


@pytest.fixture
def vendor(organisation, owner):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH", created_by=owner.user)


@pytest.fixture
def contact(vendor):
    return ContactFactory(vendor=vendor, name="Miriam Vogt", role="Account manager")


@pytest.fixture
def gpai_model(vendor):
    return GpaiModelFactory(vendor=vendor, name="Helix-4", version="2025-06", training_compute_flop=3e25)


@pytest.fixture
def system(vendor, owner):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen", created_by=owner.user)


@pytest.fixture
def rita(members):
    """The requester."""
    return members[Role.REQUESTER]


@pytest.fixture
def requester_vendor(organisation, rita):
    return VendorFactory(organisation=organisation, legal_name="Rita's Pick Ltd", created_by=rita.user)


@pytest.fixture
def requester_system(requester_vendor, rita):
    return AiSystemFactory(vendor=requester_vendor, name="Rita's Bot", created_by=rita.user)
