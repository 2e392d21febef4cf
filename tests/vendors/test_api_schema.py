import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from vendors import api_urls

# The token authentication class belongs to core; its schema extension is core's concern.
CORE_AUTHENTICATOR = "could not resolve authenticator <class 'core.api_auth.PersonalTokenAuthentication'>"


@pytest.fixture
def warnings_and_errors():
    GENERATOR_STATS.reset()
    yield lambda: [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if CORE_AUTHENTICATOR not in message
    ]
    GENERATOR_STATS.reset()


def test_it_describes_the_vendor_endpoints_without_warnings(warnings_and_errors):
    schema = SchemaGenerator(patterns=api_urls.urlpatterns).get_schema(request=None, public=True)

    assert warnings_and_errors() == []
    assert {"/vendors/", "/contacts/", "/ai-systems/{id}/", "/gpai-models/{id}/"} <= set(schema["paths"])
    assert "delete" not in schema["paths"]["/gpai-models/{id}/"]
    assert "archives" in schema["paths"]["/vendors/{id}/"]["delete"]["description"]
    vendor_filters = {p["name"] for p in schema["paths"]["/vendors/"]["get"]["parameters"]}
    assert {"country", "eu_established", "status", "search", "ordering", "page"} <= vendor_filters


@pytest.mark.django_db
def test_the_schema_endpoint_answers(api_client_for, owner):
    assert api_client_for(owner).get("/api/v1/schema/").status_code == 200
