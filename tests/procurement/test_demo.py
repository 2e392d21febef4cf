"""The procurement demo step: they create their rows once, through the services."""

import pytest

from core.access import Actor
from core.demo import DemoContext
from procurement.demo import seed_procurement
from procurement.models import Decision, ProcurementRequest
from tests.compliance.conftest import classify
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(organisation, members, owner):
    return DemoContext(organisation=organisation, actor=Actor.for_member(owner), members=members)


def test_requests_are_seeded_once_and_the_approvable_one_is_approved(context, organisation):
    vendor = VendorFactory(organisation=organisation)
    AiSystemFactory(vendor=vendor, name="TalentLens Screen")
    chatbot = AiSystemFactory(vendor=vendor, name="Brightdesk Assist")
    classify(chatbot, risk_tier="limited_risk", documents=[])
    assert seed_procurement(context) == {"procurement requests": 2, "decisions": 1}
    assert ProcurementRequest.objects.get(ai_system=chatbot).decision == Decision.APPROVED
    assert seed_procurement(context) == {"procurement requests": 0, "decisions": 0}
