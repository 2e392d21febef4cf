"""The whole API fuzzed from its own OpenAPI schema (schemathesis, property-based), as a signed-in member.

Every operation in /api/v1/schema/ gets generated requests, valid and invalid ones, against
the demo data; every answer must be below 500 and match the response schema the API
publishes. Bounded: API_FUZZ_EXAMPLES examples per operation and mode (default 10), a
fixed seed, so a run takes a couple of minutes and fails the same way twice.
"""

from __future__ import annotations

import io
import logging
import os
import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from core.access import Actor
from core.models import Membership, Role
from core.services import api_token_create

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def quiet_request_log():
    """Thousands of deliberate 4xx answers would otherwise each log a warning."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def connections_kept_open():
    """Requests go through the WSGI app, not the test client: keep it from closing the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def member_headers(db, connections_kept_open):
    call_command("seed_demo", stdout=io.StringIO())
    owner = Membership.objects.select_related("organisation", "user").filter(role=Role.OWNER).order_by("pk").first()
    _, raw = api_token_create(actor=Actor.for_member(owner), name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


def failures_of(operation, mode: GenerationMode, headers: dict) -> list[str]:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.validate_response(case.call(headers=headers), checks=CHECKS, headers=headers)

    try:
        run()
    except BaseException as failure:  # schemathesis reports a group of failures
        if isinstance(failure, KeyboardInterrupt):
            raise
        return [f"{operation.label} ({mode.value} data): {failure}"]
    return []


def test_no_operation_answers_5xx_or_outside_its_schema(member_headers, quiet_request_log):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), headers=member_headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for failure in failures_of(operation, mode, member_headers)
    ]
    assert failures == [], "\n\n".join(failures)


def test_every_operation_answers_401_without_credentials(member_headers, client, quiet_request_log):
    """The finding: /classify/ answered 403 where every other endpoint answers 401."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), headers=member_headers)
    answers = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        path = re.sub(r"\{[^}]+\}", "1", operation.full_path)  # any id: the credential is checked first
        answers[operation.label] = client.generic(operation.method.upper(), path).status_code
    assert {label: status for label, status in answers.items() if status != 401} == {}
