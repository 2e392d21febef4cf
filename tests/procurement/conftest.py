import datetime as dt

import pytest

from compliance.models import DocumentRequest, RequestStatus, subject_key_of
from contracts.models import ClauseState, ClauseStatus, Contract
from core.access import Actor
from core.models import Role
from tests.compliance.conftest import classify
from tests.factories import AiSystemFactory, VendorFactory
from tests.procurement.factories import ProcurementRequestFactory

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


def sign_contract(system, *, missing=()):
    """A contract in force covering the system (rows written directly): required clauses present but `missing`."""
    contract = Contract.objects.create(
        organisation=system.organisation, vendor=system.vendor, title="MSA", starts_on=dt.date(2026, 1, 1)
    )
    contract.systems.add(system)
    for code in ("incident_cooperation", "logs_access", *missing):
        ClauseStatus.objects.update_or_create(
            contract=contract,
            clause_code=code,
            defaults={
                "organisation": system.organisation,
                "required": True,
                "severity": "major",
                "state": ClauseState.MISSING if code in missing else ClauseState.PRESENT,
            },
        )
    return contract


def make_ready_high_risk(system, documents=HIGH_RISK_GATE_DOCUMENTS):
    """A high-risk system with its gate documents verified and a contract with every required clause."""
    classification = classify(system, documents=list(documents))
    for code in documents:
        set_document(system, code)
    sign_contract(system)
    return classification


@pytest.fixture
def other_vendor(organisation):
    return VendorFactory(organisation=organisation, legal_name="Other AI BV")
