"""Date-time filters answer 400 for offsets and moments no database can hold; unparsable JSON has the usual shape."""

import pytest


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-01-01T00:00:00-20:00", "UTC offset"),  # PostgreSQL refuses offsets past ±15:59: this was a 500
        ("2026-01-01T00:00:00+15:00", "UTC offset"),
        ("9999-12-31T23:00:00-10:00", "between the years 1 and 9999"),  # past year 9999 once in UTC
        ("0001-01-01T00:30:00+01:00", "between the years 1 and 9999"),
    ],
)
@pytest.mark.parametrize("parameter", ["created_from", "created_before"])
def test_an_out_of_range_date_time_is_a_400(api_client_for, auditor, parameter, value, message):
    response = api_client_for(auditor).get("/api/v1/audit-events/", {parameter: value})
    assert response.status_code == 400
    assert message in response.json()["errors"][parameter][0]


def test_a_real_offset_still_filters(api_client_for, auditor, logged):
    logged(2)
    response = api_client_for(auditor).get("/api/v1/audit-events/", {"created_before": "2999-01-01T00:00:00+14:00"})
    assert response.status_code == 200 and len(response.json()["results"]) == 2


def test_a_body_that_is_not_json_is_a_400_with_errors(api_client_for, auditor):
    response = api_client_for(auditor).post("/api/v1/classify/", data=b"\x00", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["errors"]["non_field_errors"][0]


def test_classify_without_credentials_is_a_401_like_every_endpoint(client, db):
    assert client.post("/api/v1/classify/", {}, content_type="application/json").status_code == 401
    assert client.get("/api/v1/vendors/").status_code == 401
