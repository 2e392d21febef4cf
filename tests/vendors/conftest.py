import pytest

from core.models import Role
from tests.factories import AiSystemFactory, ContactFactory, GpaiModelFactory, VendorFactory


@pytest.fixture
def contact(vendor):
    return ContactFactory(vendor=vendor, name="Miriam Vogt", role="Account manager")


@pytest.fixture
def gpai_model(vendor):
    return GpaiModelFactory(vendor=vendor, name="Helix-4", version="2025-06", training_compute_flop=3e25)


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
