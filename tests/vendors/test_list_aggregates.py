"""Lists with counts cut the page first and count only the shown rows; the API takes a bounded page_size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.lists import PAGE_SIZE
from core.pagination import MAX_PAGE_SIZE
from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def system_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in context.captured_queries if 'COUNT("vendors_aisystem"' in q["sql"]]


@pytest.fixture
def thirty_vendors(organisation, owner):
    vendors = [VendorFactory(organisation=organisation, legal_name=f"Vendor {i:02d}") for i in range(30)]
    for i, vendor in enumerate(vendors):
        model = GpaiModelFactory(vendor=vendor, name=f"Model {i:02d}")
        AiSystemFactory.create_batch(i % 3, vendor=vendor, gpai_model=model, business_owner=owner)
    return vendors


@pytest.mark.parametrize(("url", "via"), [("/vendors/", "vendor_id"), ("/vendors/gpai-models/", "gpai_model_id")])
def test_the_page_counts_the_systems_of_its_own_rows_only(login, owner, thirty_vendors, url, via):
    response, queries = system_queries(login(owner), url)

    [count] = queries
    assert f'"vendors_aisystem"."{via}" IN (' in count
    shown = response.context["page_obj"].object_list
    assert len(shown) == PAGE_SIZE
    expected = {v.legal_name: int(v.legal_name[-2:]) % 3 for v in thirty_vendors}
    if via == "vendor_id":
        assert {v.legal_name: v.system_count for v in shown} == {v.legal_name: expected[v.legal_name] for v in shown}


def test_sorting_by_the_count_still_orders_every_row(login, owner, thirty_vendors):
    response, _ = system_queries(login(owner), "/vendors/?sort=-systems")

    counts = [v.system_count for v in response.context["page_obj"].object_list]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2


def test_the_api_counts_only_the_page_it_answers(api_client_for, owner, thirty_vendors):
    client = api_client_for(owner)
    with CaptureQueriesContext(connection) as context:
        body = client.get("/api/v1/vendors/", {"page_size": 10}).json()

    [count] = [q["sql"] for q in context.captured_queries if 'COUNT("vendors_aisystem"' in q["sql"]]
    assert '"vendors_aisystem"."vendor_id" IN (' in count
    assert len(body["results"]) == 10 and body["count"] == 30
    by_name = {v["legal_name"]: v["system_count"] for v in body["results"]}
    assert by_name == {f"Vendor {i:02d}": i % 3 for i in range(10)}
    ordered = client.get("/api/v1/vendors/", {"ordering": "-system_count", "page_size": 5}).json()["results"]
    assert [v["system_count"] for v in ordered] == [2] * 5
    one = client.get(f"/api/v1/vendors/{thirty_vendors[2].pk}/").json()
    assert one["system_count"] == 2


@pytest.mark.parametrize("endpoint", ["/api/v1/vendors/", "/api/v1/ai-systems/", "/api/v1/audit-events/"])
def test_page_size_is_bounded_and_explained(api_client_for, owner, thirty_vendors, endpoint):
    client = api_client_for(owner)

    if "audit" not in endpoint:  # the factories record no audit events
        assert len(client.get(endpoint).json()["results"]) == 30
        assert len(client.get(endpoint, {"page_size": 7}).json()["results"]) == 7
    assert client.get(endpoint, {"page_size": MAX_PAGE_SIZE}).status_code == 200
    for bad in (MAX_PAGE_SIZE + 1, 0, -1, "abc", "", "1.5", "٣"):
        response = client.get(endpoint, {"page_size": bad})
        assert response.status_code == 400, bad
        assert response.json()["errors"]["page_size"] == [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]


def test_the_schema_states_the_page_size_bounds(api_client_for, owner):
    schema = api_client_for(owner).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/vendors/", "/api/v1/audit-events/"):
        [parameter] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "page_size"]
        assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 50}


def test_a_member_of_another_organisation_sees_none_of_the_counts(api_client_for, outsider, thirty_vendors):
    body = api_client_for(outsider).get("/api/v1/vendors/").json()
    assert body["count"] == 0 and Vendor.objects.count() == 30


def test_counting_stops_at_the_cap_on_pages_and_in_the_api(monkeypatch, login, api_client_for, owner, thirty_vendors):
    monkeypatch.setattr("core.lists.COUNT_CAP", 20)

    page = login(owner).get("/vendors/").content.decode()
    body = api_client_for(owner).get("/api/v1/vendors/", {"page_size": 5}).json()

    assert "of more than 20 vendors: search or filter to narrow the list" in " ".join(page.split())
    assert (body["count"], body["count_capped"], len(body["results"])) == (20, True, 5)
    narrowed = api_client_for(owner).get("/api/v1/vendors/", {"search": "Vendor 0"}).json()
    assert narrowed["count_capped"] is False and narrowed["count"] == len(narrowed["results"]) < 20
