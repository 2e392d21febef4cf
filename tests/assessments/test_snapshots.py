"""Saving classifications: immutable snapshots pinned to the rule pack, audited, compared."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import selectors, services
from assessments.models import Classification, ClassificationDraft
from assessments.rulepack import default_pack
from core.access import Actor
from core.audit import verify_chain
from core.models import AuditEvent, Role
from tests.assessments.conftest import HR_SCREENING, SUPPORT_CHATBOT, make_system


def test_it_saves_a_snapshot_pinned_to_the_pack(owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    pack = default_pack()
    assert snapshot.risk_tier == "high_risk"
    assert (snapshot.pack_id, snapshot.pack_version, snapshot.pack_sha256) == (pack.id, pack.version, pack.sha256)
    assert snapshot.timeline == "omnibus-2026"
    assert snapshot.result["annex_iii_points"] == ["4a"]
    assert snapshot.answers == HR_SCREENING
    assert snapshot.created_by == owner_actor.user


def test_it_audits_every_save(owner_actor, system):
    services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    event = AuditEvent.objects.get(action="assessments.classification.created")
    assert event.changes["risk_tier"] == [None, "high_risk"]
    assert verify_chain(system.organisation) is None


def test_a_new_snapshot_never_overwrites_the_old_one(owner_actor, system):
    first = services.classification_save(actor=owner_actor, ai_system=system, answers=SUPPORT_CHATBOT)
    second = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    first.refresh_from_db()
    assert first.risk_tier == "limited_risk"
    assert selectors.current_classification(system) == second
    assert Classification.objects.filter(ai_system=system).count() == 2


def test_snapshots_refuse_change_and_deletion(owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    snapshot.note = "tampered"
    with pytest.raises(ValidationError):
        snapshot.save()
    with pytest.raises(ValidationError):
        snapshot.delete()


def test_it_refuses_bad_answers_naming_the_key_and_saves_nothing(owner_actor, system):
    with pytest.raises(ValidationError) as caught:
        services.classification_save(actor=owner_actor, ai_system=system, answers={"system.annex_iii_points": ["4z"]})
    assert "system.annex_iii_points" in caught.value.message_dict
    assert 'unknown value "4z"' in caught.value.message_dict["system.annex_iii_points"][0]
    assert not Classification.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assessments.").exists()


def test_read_only_roles_may_not_classify(members, system):
    for role in (Role.AUDITOR, Role.LEGAL, Role.APPROVER):
        with pytest.raises(PermissionDenied):
            services.classification_save(actor=Actor.for_member(members[role]), ai_system=system, answers={})


def test_a_requester_classifies_only_systems_they_registered(members, organisation):
    requester = members[Role.REQUESTER]
    own = make_system(organisation, name="Own tool", created_by=requester.user)
    others = make_system(organisation, name="Someone else's")
    actor = Actor.for_member(requester)
    assert services.classification_save(actor=actor, ai_system=own, answers=SUPPORT_CHATBOT).pk
    with pytest.raises(PermissionDenied):
        services.classification_save(actor=actor, ai_system=others, answers=SUPPORT_CHATBOT)


def test_a_draft_is_saved_half_way_and_resumed_by_another_member(members, system):
    compliance = Actor.for_member(members[Role.COMPLIANCE])
    owner = Actor.for_member(members[Role.OWNER])
    services.draft_update(
        actor=compliance, ai_system=system, answers={"system.annex_iii_points": ["4a"]}, timeline="omnibus-2026"
    )
    draft = services.draft_update(
        actor=owner, ai_system=system, answers={"system.profiles_natural_persons": True}, timeline="omnibus-2026"
    )
    assert draft.answers == {"system.annex_iii_points": ["4a"], "system.profiles_natural_persons": True}
    assert draft.created_by == compliance.user and draft.updated_by == owner.user
    services.classification_save(actor=owner, ai_system=system, answers=draft.answers)
    assert not ClassificationDraft.objects.filter(ai_system=system).exists()


def test_a_draft_drops_answers_that_became_irrelevant(owner_actor, system):
    services.draft_update(
        actor=owner_actor,
        ai_system=system,
        answers={"system.annex_iii_points": ["4a"], "system.art6_3_conditions": ["preparatory_task"]},
        timeline="omnibus-2026",
    )
    draft = services.draft_update(
        actor=owner_actor, ai_system=system, answers={"system.annex_iii_points": []}, timeline="omnibus-2026"
    )
    assert "system.art6_3_conditions" not in draft.answers


def test_the_comparison_lists_changed_answers_results_and_rules(owner_actor, system):
    older = services.classification_save(actor=owner_actor, ai_system=system, answers=SUPPORT_CHATBOT)
    newer = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    comparison = selectors.compare(older, newer)
    changed_answers = {change.key for change in comparison.answers}
    assert {"system.annex_iii_points", "system.interacts_with_persons"} <= changed_answers
    changed_results = {change.key: change for change in comparison.result}
    assert changed_results["risk_tier"].before == "limited_risk"
    assert changed_results["risk_tier"].after == "high_risk"
    assert comparison.rules_now_firing, "the rules that made it high-risk are named"
    assert not comparison.pack_changed
