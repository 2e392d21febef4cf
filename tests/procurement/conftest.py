import datetime as dt

import pytest

from compliance.models import DocumentRequest, RequestStatus, subject_key_of
from contracts import services as contract_services
from contracts.models import ClauseState
from core.access import Actor
from core.models import Membership, Role
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


def sign_contract(system, legal_actor, *, settle_clauses=True):
    """A contract in force covering the system; by default every required clause present."""
    contract = contract_services.contract_create(
        actor=legal_actor,
        data={"title": "Master services agreement", "vendor": system.vendor, "starts_on": dt.date(2026, 1, 1)},
        systems=[system],
    )
    if settle_clauses:
        for row in contract.clauses.filter(required=True):
            contract_services.clause_status_set(actor=legal_actor, clause=row, state=ClauseState.PRESENT)
    return contract


def make_ready_high_risk(system, documents=HIGH_RISK_GATE_DOCUMENTS):
    """A high-risk system with its gate documents verified and a contract with every required clause."""
    classification = classify(system, documents=list(documents))
    for code in documents:
        set_document(system, code)
    legal = Membership.objects.get(organisation=system.organisation, role=Role.LEGAL)
    sign_contract(system, Actor.for_member(legal))
    return classification
