"""Contracts, their clause checklist, waivers, deadlines and the gaps procurement reads."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts import audit_actions, services
from contracts.models import ClauseState, ClauseStatus, Contract
from contracts.selectors import contract_gaps
from core.models import AuditEvent, Role
from deadlines.models import Deadline, DeadlineKind
from tests.contracts.conftest import CHATBOT, HR_SCREENING
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db


def clause(contract, code) -> ClauseStatus:
    return contract.clauses.get(clause_code=code)


def test_recording_a_contract_creates_the_checklist_and_audits_it(system, classify, make_contract):
    classify(system, HR_SCREENING)
    contract = make_contract([system])
    codes = set(contract.clauses.values_list("clause_code", flat=True))
    assert "incident_cooperation" in codes
    assert all(row.state == ClauseState.MISSING and row.required for row in contract.clauses.all())
    assert contract.missing_mandatory == len(codes)
    event = AuditEvent.objects.get(action=audit_actions.CONTRACT_CREATED)
    assert event.changes["systems"] == [None, [system.pk]]


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_only_owner_and_legal_record_contracts(role, actor_of, system, vendor):
    with pytest.raises(PermissionDenied):
        services.contract_create(
            actor=actor_of(role),
            data={"title": "x", "vendor": vendor, "starts_on": dt.date(2026, 1, 1)},
            systems=[system],
        )


def test_bad_contract_input_is_refused_by_field(legal, system, vendor, organisation):
    other_vendor_system = AiSystemFactory(vendor=VendorFactory(organisation=organisation))
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            actor=legal,
            data={
                "title": " ",
                "vendor": vendor,
                "starts_on": dt.date(2026, 5, 1),
                "ends_on": dt.date(2026, 4, 1),
                "notice_period_days": 99999,
                "signed_on": dt.date(1, 1, 1),
            },
            systems=[other_vendor_system],
        )
    assert set(error.value.message_dict) == {"title", "ends_on", "notice_period_days", "signed_on", "systems"}
    assert not Contract.objects.exists()


def test_another_organisations_vendor_is_refused(legal, system, other_organisation):
    foreign = VendorFactory(organisation=other_organisation)
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            actor=legal, data={"title": "x", "vendor": foreign, "starts_on": dt.date(2026, 1, 1)}, systems=[system]
        )
    assert "vendor" in error.value.message_dict


def test_marking_a_clause_keeps_history_and_updates_the_count(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    contract = make_contract([system])
    row = clause(contract, "incident_cooperation")
    services.clause_status_set(actor=legal, clause=row, state=ClauseState.NEGOTIATING, note="Draft sent")
    services.clause_status_set(actor=legal, clause=row, state=ClauseState.PRESENT, section="14.2", page=9)
    row.refresh_from_db()
    assert (row.state, row.section, row.page, row.note) == ("present", "14.2", 9, "Draft sent")
    assert [h.to_state for h in row.history.all()] == ["present", "negotiating"]
    contract.refresh_from_db()
    assert contract.missing_mandatory == contract.clauses.filter(required=True).count() - 1
    assert AuditEvent.objects.filter(action=audit_actions.CLAUSE_STATUS_CHANGED).count() == 2


def test_a_waiver_needs_a_justification(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    row = clause(make_contract([system]), "audit_rights")
    with pytest.raises(ValidationError) as error:
        services.clause_status_set(actor=legal, clause=row, state=ClauseState.WAIVED, justification="  ")
    assert "justification" in error.value.message_dict
    services.clause_status_set(actor=legal, clause=row, state=ClauseState.WAIVED, justification="SOC 2 on file")
    row.refresh_from_db()
    assert row.state == "waived" and not row.is_gap


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_only_legal_and_owner_change_or_waive_clauses(role, actor_of, system, classify, make_contract):
    classify(system, HR_SCREENING)
    row = clause(make_contract([system]), "audit_rights")
    with pytest.raises(PermissionDenied):
        services.clause_status_set(actor=actor_of(role), clause=row, state=ClauseState.WAIVED, justification="x")


def test_owner_may_waive(system, classify, make_contract, owner_actor):
    classify(system, HR_SCREENING)
    row = clause(make_contract([system]), "audit_rights")
    services.clause_status_set(actor=owner_actor, clause=row, state=ClauseState.WAIVED, justification="Group audit")
    assert ClauseStatus.objects.get(pk=row.pk).state == "waived"


@pytest.mark.parametrize("page", [0, -1, 10**9, True])
def test_bad_page_is_refused(page, system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    row = clause(make_contract([system]), "audit_rights")
    with pytest.raises(ValidationError) as error:
        services.clause_status_set(actor=legal, clause=row, state="present", page=page)
    assert "page" in error.value.message_dict


def test_reclassification_keeps_a_clause_no_longer_required_with_its_status(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    contract = make_contract([system])
    row = clause(contract, "incident_cooperation")
    services.clause_status_set(actor=legal, clause=row, state=ClauseState.PRESENT, section="9")
    classify(system, CHATBOT)
    row.refresh_from_db()
    assert not row.required and row.state == "present" and row.section == "9"
    contract.refresh_from_db()
    assert contract.missing_mandatory == 0
    classify(system, HR_SCREENING)
    row.refresh_from_db()
    assert row.required and row.state == "present"


def test_notice_renewal_and_end_become_deadlines(system, classify, make_contract, legal, organisation):
    classify(system, HR_SCREENING)
    contract = make_contract(
        [system], ends_on=dt.date(2027, 12, 31), notice_period_days=90, auto_renews=True, title="SaaS agreement"
    )
    rows = {d.kind: d for d in Deadline.objects.filter(organisation=organisation, vendor=contract.vendor)}
    assert rows[DeadlineKind.CONTRACT_NOTICE].due_date == dt.date(2027, 10, 2)
    assert rows[DeadlineKind.CONTRACT_RENEWAL].due_date == dt.date(2027, 12, 31)
    assert DeadlineKind.CONTRACT_END not in rows
    services.contract_update(
        actor=legal, contract=contract, data={"auto_renews": False, "notice_in_business_days": True}
    )
    rows = {d.kind: d for d in Deadline.objects.filter(organisation=organisation, vendor=contract.vendor)}
    assert DeadlineKind.CONTRACT_RENEWAL not in rows
    assert rows[DeadlineKind.CONTRACT_END].due_date == dt.date(2027, 12, 31)
    # 90 business days before 31 Dec 2027 in Germany: weekends and national holidays skipped.
    notice = rows[DeadlineKind.CONTRACT_NOTICE].due_date
    assert dt.date(2027, 8, 1) < notice < dt.date(2027, 8, 31)
    assert notice.weekday() < 5


def test_gaps_for_procurement(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    assert [g.code for g in contract_gaps(system)] == ["contract_missing"]
    contract = make_contract([system])
    gaps = contract_gaps(system)
    assert "clause_missing:incident_cooperation" in {g.code for g in gaps}
    assert {g.severity for g in gaps} <= {"critical", "major", "warning"}
    for row in contract.clauses.filter(required=True):
        services.clause_status_set(actor=legal, clause=row, state=ClauseState.PRESENT)
    assert contract_gaps(system) == []
    services.contract_update(
        actor=legal, contract=contract, data={"starts_on": dt.date(2020, 1, 1), "ends_on": dt.date(2021, 1, 1)}
    )
    assert [g.code for g in contract_gaps(system)] == ["contract_expired"]


def test_no_contract_needed_for_a_minimal_risk_system(system, classify):
    classify(system, {})
    assert contract_gaps(system) == []
