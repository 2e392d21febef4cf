"""Each gate's blocking reason appears from live data and clears when the data changes."""

import pytest

from compliance.models import FlagState, RedFlag, RequestStatus, Severity, subject_key_of
from procurement import gates
from procurement.models import Stage
from tests.compliance.conftest import classify
from tests.procurement.conftest import HIGH_RISK_GATE_DOCUMENTS, make_ready_high_risk, set_document

pytestmark = pytest.mark.django_db


def codes(request) -> list[str]:
    return [item.code for item in gates.evaluate(request).blocking]


def test_an_unclassified_system_blocks_at_classification(proc_request, system):
    result = gates.evaluate(proc_request)
    assert [b.code for b in result.blocking] == ["classification_missing"]
    assert result.stage == Stage.CLASSIFICATION
    classify(system, risk_tier="minimal_risk", documents=[])
    assert codes(proc_request) == []
    assert gates.evaluate(proc_request).stage == Stage.DECISION


def test_a_prohibited_system_is_blocked_and_no_acceptance_can_cover_it(proc_request, system):
    classify(system, risk_tier="prohibited", documents=[])
    (item,) = gates.evaluate(proc_request).blocking
    assert item.code == gates.PROHIBITED and not item.acceptable


@pytest.mark.parametrize("code", HIGH_RISK_GATE_DOCUMENTS)
def test_each_high_risk_document_blocks_until_verified(proc_request, system, code):
    make_ready_high_risk(system)
    assert codes(proc_request) == []
    set_document(system, code, RequestStatus.RECEIVED)
    result = gates.evaluate(proc_request)
    assert [b.code for b in result.blocking] == [f"document_unverified:{code}"]
    assert "not verified (received)" in result.blocking[0].message
    assert result.stage == Stage.DOCUMENTS
    set_document(system, code, RequestStatus.VERIFIED)
    assert codes(proc_request) == []


def test_certificate_and_registration_only_when_the_classification_requires_them(proc_request, system):
    classify(system, documents=["eu_declaration_of_conformity", "ce_marking_evidence"])
    assert [code for code in codes(proc_request) if code.startswith("document")] == [
        "document_unverified:eu_declaration_of_conformity",
        "document_unverified:ce_marking_evidence",
    ]


def test_an_open_critical_red_flag_blocks_until_it_is_resolved_or_accepted(proc_request, system):
    classify(system, risk_tier="limited_risk", documents=[])
    flag = RedFlag.objects.create(
        organisation=system.organisation,
        ai_system=system,
        vendor=system.vendor,
        subject_key=subject_key_of(ai_system=system),
        code="certificate_expired",
        severity=Severity.CRITICAL,
        citation="Art 44",
        message="The certificate has expired.",
        action="Ask for a new one.",
        opened_at="2026-01-01T00:00:00Z",
    )
    assert codes(proc_request) == ["red_flag:certificate_expired"]
    flag.state = FlagState.ACCEPTED
    flag.save()
    assert codes(proc_request) == []


def test_a_vendor_level_critical_flag_blocks_every_system_of_the_vendor(proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    RedFlag.objects.create(
        organisation=system.organisation,
        vendor=system.vendor,
        subject_key=subject_key_of(vendor=system.vendor),
        code="vendor_sanctioned",
        severity=Severity.CRITICAL,
        citation="—",
        message="The vendor is sanctioned.",
        action="Stop.",
        opened_at="2026-01-01T00:00:00Z",
    )
    assert codes(proc_request) == ["red_flag:vendor_sanctioned"]


def test_vendor_progress_counts_answered_requests(proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    set_document(system, "eu_declaration_of_conformity", RequestStatus.RECEIVED)
    set_document(system, "ce_marking_evidence", RequestStatus.REQUESTED)
    set_document(system, "notified_body_certificate", RequestStatus.WAIVED)
    result = gates.evaluate(proc_request)
    assert (result.answered, result.asked) == (1, 2)


def test_evaluating_many_requests_costs_the_same_queries_as_one(django_assert_max_num_queries, system, members):
    from tests.factories import AiSystemFactory
    from tests.procurement.factories import ProcurementRequestFactory

    make_ready_high_risk(system)
    rows = [ProcurementRequestFactory(ai_system=AiSystemFactory(vendor=system.vendor)) for _ in range(20)]
    from procurement.models import ProcurementRequest

    loaded = list(
        ProcurementRequest.objects.select_related("ai_system__vendor", "organisation").filter(
            pk__in=[r.pk for r in rows]
        )
    )
    with django_assert_max_num_queries(5):
        results = gates.evaluate_many(loaded)
    assert all(r.blocking[0].code == "classification_missing" for r in results.values())


def test_the_contract_gate_names_each_missing_clause_and_clears(proc_request, system):
    from contracts.models import ClauseState
    from tests.procurement.conftest import sign_contract

    classify(system, documents=["eu_declaration_of_conformity", "ce_marking_evidence"])
    for code in ("eu_declaration_of_conformity", "ce_marking_evidence"):
        set_document(system, code)
    assert codes(proc_request) == ["contract_missing"]
    assert gates.evaluate(proc_request).stage == Stage.CONTRACT
    contract = sign_contract(system, missing=["incident_cooperation"])
    assert codes(proc_request) == ["clause_missing:incident_cooperation"]
    contract.clauses.update(state=ClauseState.WAIVED, justification="Covered by the DPA")
    assert codes(proc_request) == []


def test_the_readiness_gate_names_open_pre_use_duties_until_done(proc_request, system):
    from duties.models import Duty, DutyStatus

    make_ready_high_risk(system)
    duty = Duty.objects.create(
        organisation=system.organisation,
        ai_system=system,
        code="human_oversight",
        article="Art 26(2)",
        record_kind="oversight",
        pre_use=True,
        catalogue_version="test",
    )
    result = gates.evaluate(proc_request)
    assert [(b.code, b.stage) for b in result.blocking] == [("duty_open:human_oversight", Stage.READINESS)]
    assert result.stage == Stage.READINESS
    duty.status = DutyStatus.DONE
    duty.save()
    assert codes(proc_request) == []
