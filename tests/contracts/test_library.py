"""The clause library loads, refuses what it does not understand, and says which clauses a system needs."""

import copy

import pytest
import yaml

from assessments.conditions import PackError
from contracts.facts import facts_of, required_clauses
from contracts.library import DEFAULT_LIBRARY_PATH, build_library, default_library
from tests.contracts.conftest import CHATBOT, GPAI_BASED, HR_SCREENING, WE_PROVIDE_HIGH_RISK

STABLE_CODES = {
    "provider_compliance_warranty",
    "role_aligned_indemnity",
    "obligation_allocation_schedule",
    "update_notification_30_days",
    "documentation_delivery_10_business_days",
    "audit_rights",
    "termination_for_non_compliance",
    "incident_cooperation",
    "log_access_and_retention",
    "instructions_and_oversight_support",
    "data_processing_agreement",
    "gpai_documentation_schedule",
    "conformity_completion_deadline",
    "substantial_modification_terms",
    "art25_4_supplier_agreement",
}


def raw():
    return yaml.safe_load(DEFAULT_LIBRARY_PATH.read_text())


def test_library_holds_every_stable_code():
    library = default_library()
    assert set(library.clauses) >= STABLE_CODES
    assert library.version and len(library.sha256) == 64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["clauses"][0].update(when="risk_tierr"), "unknown key 'risk_tierr'"),
        (lambda d: d["clauses"][0].update(when={"maybe": "high_risk"}), "unknown condition operator 'maybe'"),
        (lambda d: d["clauses"][0].update(severity="urgent"), "unknown severity 'urgent'"),
        (lambda d: d["clauses"][1].update(code=d["clauses"][0]["code"]), "duplicate id"),
        (lambda d: d["clauses"][0].update(colour="red"), "unknown field 'colour'"),
        (lambda d: d["clauses"][0].update(must_contain=[]), "must_contain"),
        (lambda d: d["allocation"].update(ai_literacy={"performed_by": "nobody", "evidence": "x"}), "performer"),
        (lambda d: d["vendor_duties"][0].update(article="Sixteen"), "must begin 'Art <number>'"),
        (lambda d: d["vendor_duties"][0].update(applies_from="soon"), "applies_from"),
    ],
)
def test_a_broken_library_is_refused_naming_the_place(change, message):
    data = copy.deepcopy(raw())
    change(data)
    with pytest.raises(PackError, match=message):
        build_library(data)


def required_for(systems):
    return set(required_clauses(default_library(), facts_of(systems)))


@pytest.mark.django_db
def test_high_risk_deployer_needs_the_high_risk_clauses_but_not_the_provider_ones(system, classify):
    classify(system, HR_SCREENING)
    required = required_for([system])
    assert {"provider_compliance_warranty", "incident_cooperation", "log_access_and_retention"} <= required
    assert "art25_4_supplier_agreement" not in required
    assert "gpai_documentation_schedule" not in required
    assert "conformity_completion_deadline" not in required


@pytest.mark.django_db
def test_we_as_provider_of_a_high_risk_system_need_the_art25_4_agreement(system, classify):
    classify(system, WE_PROVIDE_HIGH_RISK)
    assert "art25_4_supplier_agreement" in required_for([system])


@pytest.mark.django_db
def test_gpai_based_system_needs_the_gpai_schedule_only(gpai_system, classify):
    classify(gpai_system, GPAI_BASED)
    required = required_for([gpai_system])
    assert "gpai_documentation_schedule" in required
    assert "provider_compliance_warranty" not in required


@pytest.mark.django_db
def test_limited_risk_system_needs_no_ai_act_clause_but_a_dpa_when_it_processes_personal_data(system, classify):
    classify(system, CHATBOT)
    assert required_for([system]) == set()
    system.processes_personal_data = True
    system.save()
    assert required_for([system]) == {"data_processing_agreement"}


@pytest.mark.django_db
def test_conformity_in_progress_calls_for_a_completion_deadline(system, classify, owner_actor):
    from django.utils import timezone

    from compliance import services as compliance_services
    from compliance.models import Document, DocumentRequest

    classify(system, HR_SCREENING)
    assert "conformity_completion_deadline" not in required_for([system])
    request = compliance_services.document_request_create(
        actor=owner_actor, ai_system=system, document_type="eu_declaration_of_conformity"
    )
    DocumentRequest.objects.filter(pk=request.pk).update(status="received")
    Document.objects.create(
        organisation=system.organisation,
        request=request,
        version=1,
        file="documents/x.pdf",
        sha256="0" * 64,
        size=1,
        content_type="application/pdf",
        original_name="doc.pdf",
        received_at=timezone.now(),
        compliance_claim="Conformity assessment in progress",
        facts_recorded_at=timezone.now(),
    )
    assert "conformity_completion_deadline" in required_for([system])


@pytest.mark.django_db
def test_an_unclassified_system_calls_for_nothing(system):
    assert required_for([system]) == set()
