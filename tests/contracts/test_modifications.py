"""The modification log: each Art 25 ground and the one-third rule are caught before saving."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.selectors import current_classification
from contracts import audit_actions, services
from contracts.models import Modification
from core.models import AuditEvent, Role
from tests.contracts.conftest import CHATBOT, GPAI_BASED, HR_SCREENING

pytestmark = pytest.mark.django_db


def entry(**effect):
    return {
        "changed_on": dt.date(2026, 6, 1),
        "description": "Retrained the ranking on our own hiring data",
        "reason": "Better fit for our roles",
        "reference": "config v2.3",
        "approved_by": "Alice, head of HR",
        **effect,
    }


@pytest.fixture
def compliance(actor_of):
    return actor_of(Role.COMPLIANCE)


@pytest.mark.parametrize(
    ("answers", "effect", "ground"),
    [
        (HR_SCREENING, {"under_our_name": True}, "art25_1_a"),
        (HR_SCREENING, {"substantial": True}, "art25_1_b"),
        (CHATBOT, {"new_annex_iii_points": ["4a"]}, "art25_1_c"),
        (GPAI_BASED, {"compute_flop": 1.2e24}, "gpai_modification_over_one_third"),
    ],
)
def test_each_trigger_is_refused_until_confirmed_then_reclassifies(
    answers, effect, ground, system, classify, compliance
):
    before = classify(system, answers)
    with pytest.raises(services.ConfirmationNeeded) as needed:
        services.modification_record(actor=compliance, ai_system=system, data=entry(**effect))
    preview = needed.value.preview
    assert [trigger.ground for trigger in preview.triggers] == [ground]
    assert "the provider of" in preview.warning and system.organisation.name in preview.warning
    assert any(duty["holder"] == "provider" for duty in preview.new_duties)
    assert not Modification.objects.exists()
    assert current_classification(system).pk == before.pk  # nothing saved by the preview

    logged = services.modification_record(actor=compliance, ai_system=system, data=entry(**effect), confirm=True)
    assert logged.confirmed and logged.triggers[0]["ground"] == ground
    now = current_classification(system)
    assert now.pk != before.pk and logged.classification_id == now.pk
    assert "provider" in now.result["roles"] and ground in now.result["becomes_provider"]["grounds"]
    assert AuditEvent.objects.filter(action=audit_actions.MODIFICATION_RECORDED).exists()
    assert AuditEvent.objects.filter(action="assessments.classification.created").count() == 2


def test_a_change_under_every_threshold_is_logged_without_reclassification(system, classify, compliance):
    before = classify(system, GPAI_BASED)
    logged = services.modification_record(actor=compliance, ai_system=system, data=entry(compute_flop=5e23))
    assert logged.triggers == [] and logged.classification is None
    assert current_classification(system).pk == before.pk


def test_the_one_third_rule_counts_modifications_together(system, classify, compliance):
    classify(system, GPAI_BASED)  # original model 3e24 FLOP: one third is 1e24
    services.modification_record(actor=compliance, ai_system=system, data=entry(compute_flop=6e23))
    preview = services.modification_preview(actor=compliance, ai_system=system, data=entry(compute_flop=6e23))
    assert preview.cumulative_compute_flop == pytest.approx(1.2e24)
    assert [t.ground for t in preview.triggers] == ["gpai_modification_over_one_third"]


def test_a_substantial_change_of_a_minimal_risk_system_triggers_nothing(system, classify, compliance):
    classify(system, CHATBOT)
    logged = services.modification_record(actor=compliance, ai_system=system, data=entry(substantial=True))
    assert logged.triggers == []


def test_an_unclassified_system_cannot_be_checked(system, compliance):
    with pytest.raises(ValidationError) as error:
        services.modification_record(actor=compliance, ai_system=system, data=entry())
    assert "ai_system" in error.value.message_dict


@pytest.mark.parametrize(
    ("effect", "field"),
    [
        ({"compute_flop": -1.0}, "compute_flop"),
        ({"compute_flop": float("inf")}, "compute_flop"),
        ({"new_annex_iii_points": ["9z"]}, "new_annex_iii_points"),
        ({"description": " "}, "description"),
        ({"changed_on": dt.date(0o1, 1, 1)}, "changed_on"),
    ],
)
def test_bad_entries_are_refused_by_field(effect, field, system, classify, compliance):
    classify(system, HR_SCREENING)
    with pytest.raises(ValidationError) as error:
        services.modification_record(actor=compliance, ai_system=system, data=entry(**effect), confirm=True)
    assert field in error.value.message_dict
    assert not Modification.objects.exists()


@pytest.mark.parametrize("role", [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR])
def test_only_owner_and_compliance_keep_the_log(role, actor_of, system, classify):
    classify(system, HR_SCREENING)
    with pytest.raises(PermissionDenied):
        services.modification_record(actor=actor_of(role), ai_system=system, data=entry())
