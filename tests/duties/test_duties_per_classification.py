"""Which duties each classification gives us as deployer, created and retired with history."""

import datetime as dt

import pytest

from assessments.services import classify as run_engine
from deadlines.reminders import send_reminders
from duties.catalogue import applicable_duties, default_catalogue
from duties.models import Duty, DutyStatus
from tests.duties.conftest import CREDIT_SCORING, DEEP_FAKE, PUBLIC_AUTHORITY, WE_DEPLOY, WORKPLACE_HR, classify

pytestmark = pytest.mark.django_db

HIGH_RISK_DEPLOYER = {
    "use_per_instructions",
    "human_oversight",
    "input_data_check",
    "monitoring_and_logs",
    "persons_informed",
    "dpia",
}


def codes_for(answers: dict) -> set[str]:
    result = run_engine(answers=answers)
    return {item.spec.code for item in applicable_duties(default_catalogue(), result, answers)}


def test_workplace_deployer_of_annex_iii_point_4_informs_workers():
    assert codes_for(WORKPLACE_HR) == HIGH_RISK_DEPLOYER | {"workers_informed"}


def test_public_authority_owes_a_fria_and_section_c_registration():
    assert codes_for(PUBLIC_AUTHORITY) == HIGH_RISK_DEPLOYER | {"fria", "public_registration"}


def test_credit_scoring_deployer_owes_a_fria_but_no_registration():
    assert codes_for(CREDIT_SCORING) == HIGH_RISK_DEPLOYER | {"fria"}


def test_limited_risk_deep_fake_deployer_has_the_art_50_4_duty_only():
    assert codes_for(DEEP_FAKE) == {"deep_fake_disclosure"}


def test_minimal_risk_deployer_has_no_duty():
    assert codes_for(WE_DEPLOY) == set()


def test_legacy_system_has_no_duty():
    """Pack 2026.3 marks Art 111(2) legacy systems; a legacy high-risk system owes none of these yet."""
    result = run_engine(answers=PUBLIC_AUTHORITY)
    for legacy in (True, {"applies": True, "cut_off": "2027-12-02", "comply_by": "2030-08-02"}):
        assert applicable_duties(default_catalogue(), {**result, "legacy_system": legacy}, PUBLIC_AUTHORITY) == []
    assert applicable_duties(default_catalogue(), {**result, "legacy_system": False}, PUBLIC_AUTHORITY)


def test_legacy_system_as_the_engine_classifies_it():
    """Placed on the market before the cut-off and unchanged since: Art 111(2)."""
    answers = {**CREDIT_SCORING, "system.placed_on_market_on": "2025-03-01"}
    result = run_engine(answers=answers)
    assert result["legacy_system"]["applies"] is True
    assert applicable_duties(default_catalogue(), result, answers) == []


def test_due_date_is_the_obligations_date_of_application(system, owner_actor):
    classify(system, owner_actor, CREDIT_SCORING)
    fria = Duty.objects.get(ai_system=system, code="fria")
    assert fria.due_date.isoformat() == "2027-12-02"
    assert fria.pre_use and fria.owner == system.business_owner
    deadline = system.deadlines.get(source_id=str(fria.pk), kind="deployer_duty")
    assert deadline.due_date == fria.due_date and deadline.owner == fria.owner


def test_reclassification_retires_and_reinstates_with_history(system, owner_actor):
    classify(system, owner_actor, WORKPLACE_HR)
    workers = Duty.objects.get(ai_system=system, code="workers_informed")
    classify(system, owner_actor, {**WORKPLACE_HR, "org.is_employer_using_at_workplace": False})
    workers.refresh_from_db()
    assert workers.is_retired
    assert not system.deadlines.filter(source_id=str(workers.pk)).exists()
    classify(system, owner_actor, WORKPLACE_HR)
    workers.refresh_from_db()
    assert not workers.is_retired and workers.status == DutyStatus.OPEN
    assert [h.event for h in workers.history.order_by("at", "pk")] == ["created", "retired", "reinstated"]
    actions = set(system.organisation.audit_events.values_list("action", flat=True))
    assert {"duties.duty.created", "duties.duty.retired", "duties.duty.reinstated"} <= actions


def test_duty_deadlines_are_reminded_by_the_existing_run(system, owner_actor, owner, mailoutbox):
    owner.user.email = "alice@example.test"
    owner.user.save(update_fields=["email"])
    classify(system, owner_actor, CREDIT_SCORING)
    result = send_reminders(now=dt.datetime(2027, 11, 25, 7, tzinfo=dt.UTC))  # 7 days before 2 Dec 2027
    assert result.sent >= 1
    bodies = " ".join(message.body for message in mailoutbox)
    assert "Assess the impact on fundamental rights and notify the authority – KW Score Consumer" in bodies
