"""A harmless edit of a vendor costs what an edit costs; one the red flags read is bounded or queued.

Issue 9's budgets, on a vendor with 200 classified high-risk systems, through PATCH /api/v1/vendors/{id}/:
a notes-only edit at most 40 SQL queries, a country change at most 60 (its re-evaluation goes to a task).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.services import classification_save
from compliance import services
from compliance.bench import copy_classification
from compliance.models import FlagState, RedFlag
from compliance.red_flags.registry import registered_loaders
from compliance.services.red_flags import INLINE_SYSTEMS
from core.audit import verify_chain
from deadlines.models import Deadline
from tests.assessments.conftest import HR_SCREENING
from tests.factories import AiSystemFactory, ClassificationFactory, VendorFactory

pytestmark = pytest.mark.django_db

SYSTEMS = 200
NOTES_BUDGET, COUNTRY_BUDGET = 40, 60
TASK_BUDGET = 40  # ~11 on PostgreSQL; SQLite splits bulk inserts at its 999-parameter limit
FLAG = "non_eu_vendor_without_representative"


def vendor_with_systems(organisation, count: int):
    vendor = VendorFactory(organisation=organisation, legal_name="Big Supplier GmbH", country="DE")
    systems = AiSystemFactory.create_batch(count, vendor=vendor)
    copy_classification(ClassificationFactory.build(ai_system=systems[0]), systems)
    return vendor


def patch(client, vendor, data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(f"/api/v1/vendors/{vendor.pk}/", data, format="json")
    assert response.status_code == 200, response.content
    return len(queries), response


def test_a_notes_edit_of_a_vendor_with_200_systems_stays_within_40_queries(api_client_for, owner, organisation):
    vendor = vendor_with_systems(organisation, SYSTEMS)

    count, _ = patch(api_client_for(owner), vendor, {"notes": "Renewal talks in March."})

    assert count <= NOTES_BUDGET
    vendor.refresh_from_db()
    assert vendor.notes == "Renewal talks in March."


def test_a_country_change_stays_within_60_queries_and_its_flags_follow_after_commit(
    api_client_for, owner, organisation, django_capture_on_commit_callbacks
):
    vendor = vendor_with_systems(organisation, SYSTEMS)

    with django_capture_on_commit_callbacks() as queued:
        count, _ = patch(api_client_for(owner), vendor, {"country": "US"})

    assert count <= COUNTRY_BUDGET
    assert not RedFlag.objects.filter(code=FLAG).exists()  # not in the request...
    with CaptureQueriesContext(connection) as task:
        for callback in queued:
            callback()  # ...but once the edit is committed (the task runs in process in tests)
    assert RedFlag.objects.filter(code=FLAG, state=FlagState.OPEN).count() == SYSTEMS
    assert len(task) <= TASK_BUDGET  # 200 flags opened and audited in bulk, not one set of queries each
    assert verify_chain(organisation) is None


def test_a_country_change_of_a_small_vendor_raises_its_flags_at_once(api_client_for, owner, organisation):
    vendor = vendor_with_systems(organisation, INLINE_SYSTEMS)

    patch(api_client_for(owner), vendor, {"country": "US"})

    assert RedFlag.objects.filter(code=FLAG, state=FlagState.OPEN).count() == INLINE_SYSTEMS


def test_the_nightly_run_reads_in_bulk_whatever_the_number_of_systems(organisation):
    vendor = vendor_with_systems(organisation, 5)
    services.red_flags_reevaluate_organisation(organisation)  # opens what fires today
    with CaptureQueriesContext(connection) as few:
        services.red_flags_reevaluate_organisation(organisation)
    AiSystemFactory.create_batch(25, vendor=vendor)
    services.red_flags_reevaluate_organisation(organisation)
    with CaptureQueriesContext(connection) as many:
        services.red_flags_reevaluate_organisation(organisation)
    assert len(many) == len(few)


def test_an_edit_no_rule_reads_reevaluates_nothing(organisation, owner_actor, monkeypatch):
    from vendors import services as vendor_services

    vendor = vendor_with_systems(organisation, 3)
    evaluated = []
    monkeypatch.setattr("compliance.services.red_flags._reevaluate", lambda *args, **kwargs: evaluated.append(args))

    vendor_services.vendor_update(actor=owner_actor, vendor=vendor, data={"notes": "x", "website": "https://a.example"})
    assert evaluated == []
    vendor_services.vendor_update(actor=owner_actor, vendor=vendor, data={"eu_rep_name": "Rep Ltd"})
    assert len(evaluated) == 1


@pytest.mark.django_db(transaction=True)
def test_saving_a_classification_that_opens_flags_locks_the_chain_head_once(owner_actor, system):
    with CaptureQueriesContext(connection) as queries:
        classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)

    head_reads = [q for q in queries if q["sql"].startswith("SELECT") and "core_auditchainhead" in q["sql"]]
    assert len(head_reads) == 1
    assert RedFlag.objects.filter(ai_system=system).exists()  # flags were opened and audited too
    # 47 before one head lock per transaction and bulk flag writes. Deployer duties (duties app) follow the
    # classification too: their rows, history and audit in bulk, one more flag pass, and a deadline per duty.
    # Each upper app's facts loader reads its facts once per flag pass (two passes): a constant per loader.
    duty_deadlines = Deadline.objects.filter(ai_system=system, kind="deployer_duty").count()
    assert len(queries) <= 30 + 20 + 6 * duty_deadlines + 2 * len(registered_loaders())
