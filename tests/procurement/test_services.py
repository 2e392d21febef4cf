"""Opening requests, risk acceptance with a second person for critical items, and decisions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Role
from deadlines.models import Deadline
from procurement import gates, services
from procurement.models import Decision
from tests.compliance.conftest import classify
from tests.procurement.conftest import make_ready_high_risk, set_document

pytestmark = pytest.mark.django_db

FAR = dt.date(2030, 1, 1)


def test_a_requester_opens_a_request_and_it_is_audited(actor_of, system):
    request = services.procurement_request_create(
        actor=actor_of(Role.REQUESTER),
        ai_system=system,
        data={
            "business_need": "Screen CVs",
            "intended_users": "HR",
            "countries": ["de", "FR"],
            "personal_data": True,
            "special_categories": True,
            "workplace_use": True,
        },
    )
    assert request.countries == ["DE", "FR"] and request.requested_by.role == Role.REQUESTER
    event = AuditEvent.objects.get(action="procurement.procurement_request.created")
    assert event.changes["business_need"] == [None, "Screen CVs"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"business_need": "", "intended_users": "HR"}, "business_need"),
        ({"business_need": "x", "intended_users": "HR", "countries": ["XX"]}, "countries"),
        ({"business_need": "x", "intended_users": "HR", "countries": "DE"}, "countries"),
        ({"business_need": "x", "intended_users": "HR", "special_categories": True}, "special_categories"),
        ({"business_need": "x", "intended_users": "HR", "expected_start": "tomorrow"}, "expected_start"),
    ],
)
def test_bad_request_input_is_refused_by_field(actor_of, system, data, field):
    with pytest.raises(ValidationError) as error:
        services.procurement_request_create(actor=actor_of(Role.REQUESTER), ai_system=system, data=data)
    assert field in error.value.message_dict


def test_an_auditor_cannot_open_a_request(actor_of, system):
    with pytest.raises(PermissionDenied):
        services.procurement_request_create(
            actor=actor_of(Role.AUDITOR), ai_system=system, data={"business_need": "x", "intended_users": "y"}
        )


def test_a_major_item_accepted_by_legal_stops_blocking_and_becomes_a_deadline(actor_of, proc_request, system):
    make_ready_high_risk(system)
    set_document(system, "ce_marking_evidence", "requested")
    code = "document_unverified:ce_marking_evidence"
    acceptance = services.gate_acceptance_record(
        actor=actor_of(Role.LEGAL), request=proc_request, code=code, justification="Shipped digitally", review_on=FAR
    )
    result = gates.evaluate(proc_request)
    assert result.approvable and [c.code for c in result.covered] == [code]
    deadline = Deadline.objects.get(kind=services.ACCEPTANCE_REVIEW_KIND)
    assert deadline.due_date == FAR and deadline.source_id == str(acceptance.pk)


def test_an_acceptance_past_its_review_date_no_longer_covers(actor_of, proc_request, system):
    make_ready_high_risk(system)
    set_document(system, "ce_marking_evidence", "requested")
    acceptance = services.gate_acceptance_record(
        actor=actor_of(Role.OWNER),
        request=proc_request,
        code="document_unverified:ce_marking_evidence",
        justification="ok",
        review_on=FAR,
    )
    acceptance.review_on = dt.date(2020, 1, 1)
    acceptance.save()
    assert not gates.evaluate(proc_request).approvable


def test_a_critical_item_needs_a_second_person(actor_of, members, proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    from tests.procurement.test_gates import RedFlag, Severity, subject_key_of

    RedFlag.objects.create(
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
    acceptance = services.gate_acceptance_record(
        actor=actor_of(Role.LEGAL),
        request=proc_request,
        code="red_flag:certificate_expired",
        justification="Renewal under way",
        review_on=FAR,
    )
    assert not gates.evaluate(proc_request).approvable
    with pytest.raises(ValidationError, match="second person"):
        services.gate_acceptance_confirm(actor=actor_of(Role.LEGAL), acceptance=acceptance)
    with pytest.raises(PermissionDenied):
        services.gate_acceptance_confirm(actor=actor_of(Role.COMPLIANCE), acceptance=acceptance)
    services.gate_acceptance_confirm(actor=actor_of(Role.APPROVER), acceptance=acceptance)
    assert gates.evaluate(proc_request).approvable
    assert AuditEvent.objects.filter(action="procurement.gate_acceptance.confirmed").count() == 1


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_only_legal_and_the_owner_accept_risks(actor_of, proc_request, role):
    with pytest.raises(PermissionDenied):
        services.gate_acceptance_record(
            actor=actor_of(role), request=proc_request, code="classification_missing", justification="x", review_on=FAR
        )


def test_acceptance_refusals(actor_of, proc_request, system):
    legal = actor_of(Role.LEGAL)
    with pytest.raises(ValidationError, match="Nothing with this code"):
        services.gate_acceptance_record(
            actor=legal, request=proc_request, code="made_up", justification="x", review_on=FAR
        )
    with pytest.raises(ValidationError) as error:
        services.gate_acceptance_record(
            actor=legal, request=proc_request, code="classification_missing", justification="x", review_on=None
        )
    assert "review_on" in error.value.message_dict
    classify(system, risk_tier="prohibited", documents=[])
    with pytest.raises(ValidationError, match="prohibited"):
        services.gate_acceptance_record(
            actor=legal, request=proc_request, code="prohibited", justification="x", review_on=FAR
        )


def test_approval_is_refused_with_the_blocking_list_and_rejection_is_not(actor_of, proc_request):
    approver = actor_of(Role.APPROVER)
    with pytest.raises(services.GatesNotMet) as refusal:
        services.procurement_request_decide(
            actor=approver, request=proc_request, decision=Decision.APPROVED, reason="fine"
        )
    assert [b.code for b in refusal.value.blocking] == ["classification_missing"]
    proc_request.refresh_from_db()
    assert proc_request.decision == ""
    services.procurement_request_decide(
        actor=approver, request=proc_request, decision=Decision.REJECTED, reason="Not classified"
    )
    event = AuditEvent.objects.get(action="procurement.procurement_request.decided")
    assert event.changes["gates"]["blocking"][0]["code"] == "classification_missing"


def test_approval_with_conditions_makes_dated_deadlines_with_owners(actor_of, members, proc_request, system):
    classify(system, risk_tier="minimal_risk", documents=[])
    compliance = members[Role.COMPLIANCE]
    services.procurement_request_decide(
        actor=actor_of(Role.APPROVER),
        request=proc_request,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reason="Useful, with care",
        conditions=[{"text": "Train the recruiters", "due_date": FAR, "owner": compliance.pk}],
    )
    deadline = Deadline.objects.get(kind=services.CONDITION_KIND)
    assert deadline.owner == compliance and deadline.due_date == FAR
    with pytest.raises(ValidationError, match="already decided"):
        services.procurement_request_decide(
            actor=actor_of(Role.APPROVER), request=proc_request, decision=Decision.REJECTED, reason="x"
        )


@pytest.mark.parametrize(
    "conditions",
    [
        [],
        [{"text": "", "due_date": FAR, "owner": 1}],
        [{"text": "x", "due_date": dt.date(2000, 1, 1), "owner": "me"}],
        [{"text": "x", "due_date": FAR, "owner": 999999}],
        ["not a mapping"],
    ],
)
def test_bad_conditions_are_refused(actor_of, proc_request, system, conditions):
    classify(system, risk_tier="minimal_risk", documents=[])
    with pytest.raises(ValidationError):
        services.procurement_request_decide(
            actor=actor_of(Role.APPROVER),
            request=proc_request,
            decision=Decision.APPROVED_WITH_CONDITIONS,
            reason="x",
            conditions=conditions,
        )
    assert not Deadline.objects.exists()


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.LEGAL, Role.REQUESTER, Role.AUDITOR])
def test_only_approvers_and_the_owner_decide(actor_of, proc_request, role):
    with pytest.raises(PermissionDenied):
        services.procurement_request_decide(
            actor=actor_of(role), request=proc_request, decision=Decision.REJECTED, reason="x"
        )
