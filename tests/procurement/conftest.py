import pytest

from compliance.models import DocumentRequest, RequestStatus, subject_key_of
from core.access import Actor
from core.models import Role
from tests.compliance.conftest import classify
from tests.procurement.factories import ProcurementRequestFactory
from tests.vendors.factories import AiSystemFactory, VendorFactory

HIGH_RISK_GATE_DOCUMENTS = [
    "eu_declaration_of_conformity",
    "ce_marking_evidence",
    "notified_body_certificate",
    "eu_database_registration",
]


@pytest.fixture
def actor_of(members):
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def vendor(organisation):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH")


@pytest.fixture
def system(vendor):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen")


@pytest.fixture
def proc_request(system, members):
    return ProcurementRequestFactory(ai_system=system, requested_by=members[Role.REQUESTER])


def set_document(system, code, status=RequestStatus.VERIFIED) -> DocumentRequest:
    request, _ = DocumentRequest.objects.update_or_create(
        organisation=system.organisation,
        subject_key=subject_key_of(ai_system=system),
        document_type=code,
        defaults={"ai_system": system, "vendor": system.vendor, "status": status},
    )
    return request


def make_ready_high_risk(system, documents=HIGH_RISK_GATE_DOCUMENTS):
    """A high-risk system whose gate documents are all verified."""
    classification = classify(system, documents=list(documents))
    for code in documents:
        set_document(system, code)
    return classification
