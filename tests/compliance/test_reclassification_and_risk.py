"""The required set follows reclassification; risk acceptance is for legal and owners, with a justification."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.services import classification_save
from compliance import selectors, services
from compliance.models import FlagState, RedFlag, RequestStatus, RiskAcceptance
from core.access import Actor
from core.models import AuditEvent, Role
from tests.compliance.conftest import request_for

pytestmark = pytest.mark.django_db

BIOMETRIC = {
    "system.annex_iii_points": ["1a"],
    "system.harmonised_standards": "partial",
    "org.uses_under_own_authority": True,
}
HIRING = {"system.annex_iii_points": ["4a"], "org.uses_under_own_authority": True}
MINIMAL = {"org.uses_under_own_authority": True}


def required_codes(system):
    return {row.code for row in selectors.document_rows(system) if row.required}


def test_the_required_set_follows_the_saved_classification(owner_actor, system):
    classification_save(actor=owner_actor, ai_system=system, answers=BIOMETRIC)
    assert {"notified_body_certificate", "eu_declaration_of_conformity", "soc2_report"} <= required_codes(system)

    classification_save(actor=owner_actor, ai_system=system, answers=HIRING)

    assert "notified_body_certificate" not in required_codes(system)
    assert "eu_declaration_of_conformity" in required_codes(system)


def test_outstanding_requests_no_longer_required_are_withdrawn_and_received_ones_kept(
    owner_actor, compliance_actor, system
):
    classification_save(actor=owner_actor, ai_system=system, answers=BIOMETRIC)
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    from tests.compliance.conftest import upload

    upload(compliance_actor, request_for(system, "qms_certificate"))

    classification_save(actor=owner_actor, ai_system=system, answers=MINIMAL)

    assert request_for(system, "notified_body_certificate").status == RequestStatus.WITHDRAWN
    assert request_for(system, "qms_certificate").status == RequestStatus.RECEIVED
    rows = {row.code: row for row in selectors.document_rows(system)}
    assert rows["qms_certificate"].required is False  # still shown, as evidence
    assert not RedFlag.objects.filter(ai_system=system, code="declaration_missing", state=FlagState.OPEN).exists()


def test_reclassifying_raises_the_flags_of_the_new_class(owner_actor, system):
    classification_save(actor=owner_actor, ai_system=system, answers=MINIMAL)
    assert not RedFlag.objects.filter(ai_system=system, code="declaration_missing").exists()

    classification_save(actor=owner_actor, ai_system=system, answers=HIRING)

    assert RedFlag.objects.get(ai_system=system, code="declaration_missing").state == FlagState.OPEN


class TestRiskAcceptance:
    @pytest.fixture
    def flag(self, owner_actor, system):
        classification_save(actor=owner_actor, ai_system=system, answers=HIRING)
        return RedFlag.objects.get(ai_system=system, code="declaration_missing")

    @pytest.mark.parametrize("role", [Role.OWNER, Role.LEGAL])
    def test_legal_and_owners_accept_with_a_justification(self, members, flag, role):
        acceptance = services.risk_accept(
            actor=Actor.for_member(members[role]), flag=flag, justification="Only a pilot on synthetic data."
        )

        flag.refresh_from_db()
        assert flag.state == FlagState.ACCEPTED
        assert acceptance.accepted_by == members[role]
        event = AuditEvent.objects.get(action="compliance.red_flag.risk_accepted")
        assert event.changes["justification"] == "Only a pilot on synthetic data."

    @pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.AUDITOR, Role.REQUESTER, Role.APPROVER])
    def test_other_roles_may_not(self, members, flag, role):
        with pytest.raises(PermissionDenied):
            services.risk_accept(actor=Actor.for_member(members[role]), flag=flag, justification="Fine.")
        assert not RiskAcceptance.objects.exists()

    def test_a_justification_is_required(self, members, flag):
        with pytest.raises(ValidationError) as error:
            services.risk_accept(actor=Actor.for_member(members[Role.LEGAL]), flag=flag, justification="   ")

        assert "justification" in error.value.message_dict
        flag.refresh_from_db()
        assert flag.state == FlagState.OPEN

    def test_only_open_flags_can_be_accepted(self, members, flag):
        legal = Actor.for_member(members[Role.LEGAL])
        services.risk_accept(actor=legal, flag=flag, justification="Pilot.")

        with pytest.raises(ValidationError):
            services.risk_accept(actor=legal, flag=flag, justification="Again.")
        assert RiskAcceptance.objects.count() == 1

    def test_another_organisation_may_not(self, outsider, flag):
        with pytest.raises(PermissionDenied):
            services.risk_accept(actor=Actor.for_member(outsider), flag=flag, justification="Ours now.")
