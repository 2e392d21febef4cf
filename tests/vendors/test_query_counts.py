"""List and detail pages, and API lists, issue the same number of queries for 5 rows as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Role
from tests.factories import AiSystemFactory, ContactFactory, GpaiModelFactory, VendorFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def populate(organisation, owner, rows: int):
    """`rows` vendors, each with a contact, a GPAI model and a system using it."""
    for _ in range(rows):
        vendor = VendorFactory(organisation=organisation, created_by=owner.user)
        ContactFactory(vendor=vendor)
        model = GpaiModelFactory(vendor=vendor)
        AiSystemFactory(vendor=vendor, gpai_model=model, business_owner=owner, created_by=owner.user)


@pytest.mark.parametrize(
    "url",
    [
        "/vendors/",
        "/vendors/?sort=-systems&eu_established=true",
        "/vendors/systems/",
        "/vendors/systems/?business_owner={owner}&sort=vendor",
        "/vendors/gpai-models/",
        "/api/v1/vendors/",
        "/api/v1/contacts/",
        "/api/v1/ai-systems/",
        "/api/v1/gpai-models/",
    ],
)
def test_lists_cost_the_same_for_5_or_30_rows(login, members, organisation, url):
    owner = members[Role.OWNER]
    url = url.format(owner=owner.pk)
    client = login(owner)
    populate(organisation, owner, 5)
    few = queries_for(client, url)
    populate(organisation, owner, 25)

    assert queries_for(client, url) == few


def test_the_vendor_page_costs_the_same_for_5_or_30_related_rows(login, owner, vendor):
    client = login(owner)

    def add(count):
        for _ in range(count):
            ContactFactory(vendor=vendor)
            model = GpaiModelFactory(vendor=vendor)
            AiSystemFactory(vendor=vendor, gpai_model=model, business_owner=owner)
            VendorFactory(organisation=vendor.organisation, parent=vendor)

    add(5)
    few = queries_for(client, vendor.get_absolute_url())
    add(25)

    assert queries_for(client, vendor.get_absolute_url()) == few


def test_the_system_and_model_pages_cost_the_same_for_5_or_30_related_rows(login, owner, vendor, gpai_model):
    client = login(owner)
    system = AiSystemFactory(vendor=vendor, gpai_model=gpai_model, business_owner=owner, created_by=owner.user)
    AiSystemFactory.create_batch(4, vendor=vendor, gpai_model=gpai_model, business_owner=owner)
    few = [queries_for(client, system.get_absolute_url()), queries_for(client, gpai_model.get_absolute_url())]
    AiSystemFactory.create_batch(25, vendor=vendor, gpai_model=gpai_model, business_owner=owner)

    assert [queries_for(client, system.get_absolute_url()), queries_for(client, gpai_model.get_absolute_url())] == few


def test_the_system_list_costs_the_same_whatever_the_number_of_members(login, owner, organisation, system):
    from core.models import Membership
    from tests.conftest import make_user

    client = login(owner)
    few = queries_for(client, "/vendors/systems/")
    for number in range(10):
        Membership.objects.create(user=make_user(f"member{number}"), organisation=organisation, role=Role.REQUESTER)

    assert queries_for(client, "/vendors/systems/") == few
