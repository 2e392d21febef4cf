"""The number of queries of a build does not grow with the number of systems, documents or flags."""

import tempfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.access import Actor
from core.models import Role
from evidence.builder import build
from evidence.models import EvidencePack, ScopeKind
from tests.evidence.scenario import add_classified_system, build_dossier


def queries_of_a_build(organisation) -> int:
    pack = EvidencePack.objects.create(
        organisation=organisation,
        scope_kind=ScopeKind.ORGANISATION,
        scope_label="everything",
        requested_by_label="test",
        requested_at=organisation.created_at,
    )
    with tempfile.TemporaryFile() as target, CaptureQueriesContext(connection) as queries:
        build(pack, target, built_by="test")
    return len(queries)


@pytest.mark.django_db
def test_queries_stay_flat_as_the_organisation_grows(members, organisation):
    build_dossier(members)
    compliance = Actor.for_member(members[Role.COMPLIANCE])
    add_classified_system(compliance, "Second")
    few = queries_of_a_build(organisation)
    for index in range(4):
        add_classified_system(compliance, f"More {index}")
    assert queries_of_a_build(organisation) == few
