"""The role matrix of DESIGN.md and the access helper every view and service uses."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.access import Actor, Capability, get_scoped_or_404, role_can, scoped
from core.models import ActorType, Membership, Role

C = Capability
# Straight from the roles table in DESIGN.md.
EXPECTED = {
    Role.OWNER: set(Capability) - {C.ANSWER_AS_VENDOR},  # a capability of the vendor's contact only
    Role.COMPLIANCE: {
        C.READ,
        C.MANAGE_REGISTRY,
        C.CREATE_OWN_REGISTRY,
        C.MANAGE_INCIDENTS,
        C.REPORT_INCIDENT,
        C.VIEW_AUDIT,
    },
    Role.LEGAL: {C.READ, C.MANAGE_CONTRACTS, C.ACCEPT_RISK, C.MANAGE_INCIDENTS, C.REPORT_INCIDENT, C.VIEW_AUDIT},
    Role.REQUESTER: {C.READ, C.CREATE_OWN_REGISTRY, C.REPORT_INCIDENT},
    Role.APPROVER: {C.READ, C.APPROVE, C.VIEW_AUDIT},
    Role.AUDITOR: {C.READ, C.VIEW_AUDIT},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("capability", list(Capability))
def test_it_grants_each_role_exactly_its_capabilities(role, capability):
    assert role_can(role, capability) is (capability in EXPECTED[role])


def test_a_vendor_contact_may_only_answer_as_the_vendor(organisation):
    actor = Actor.vendor_contact(organisation, "dpo@vendor.example")
    assert actor.kind == ActorType.VENDOR and actor.label == "vendor contact <dpo@vendor.example>"
    assert [c for c in Capability if actor.can(c)] == [C.ANSWER_AS_VENDOR]


def test_it_grants_nothing_to_an_unknown_role():
    assert not any(role_can("superhero", capability) for capability in Capability)


def test_it_lets_only_owners_manage_members():
    assert [role for role in Role if role_can(role, C.MANAGE_MEMBERS)] == [Role.OWNER]


def test_it_refuses_a_member_an_action_of_another_role(members):
    actor = Actor.for_member(members[Role.AUDITOR])
    with pytest.raises(PermissionDenied, match="manage registry"):
        actor.require(C.MANAGE_REGISTRY)
    actor.require(C.VIEW_AUDIT)  # allowed: no exception


def test_it_accepts_any_of_several_capabilities(members):
    actor = Actor.for_member(members[Role.REQUESTER])
    actor.require_any(C.MANAGE_REGISTRY, C.CREATE_OWN_REGISTRY)
    with pytest.raises(PermissionDenied):
        actor.require_any(C.MANAGE_REGISTRY, C.APPROVE)


def test_it_lets_system_tasks_do_everything(organisation):
    actor = Actor.system(organisation, "reminders")
    assert actor.label == "system:reminders"
    assert actor.kind == ActorType.SYSTEM
    assert all(actor.can(capability) for capability in Capability)
    assert actor.user is None and actor.role is None


def test_it_marks_an_actor_acting_through_a_token(owner):
    assert Actor.for_member(owner).kind == ActorType.USER
    through_token = Actor.for_member(owner, token_id=7)
    assert through_token.kind == ActorType.TOKEN
    assert through_token.label == "alice"


def test_it_scopes_a_queryset_to_one_organisation(members, outsider):
    ours = scoped(Membership.objects.all(), members[Role.OWNER].organisation)
    assert outsider not in ours
    assert set(ours) == set(members.values())


def test_it_hides_another_organisations_object_as_404(owner, outsider):
    with pytest.raises(Http404):
        get_scoped_or_404(Membership.objects.all(), owner.organisation, pk=outsider.pk)
    assert get_scoped_or_404(Membership.objects.all(), owner.organisation, pk=owner.pk) == owner


def test_it_treats_a_malformed_id_as_404(organisation):
    with pytest.raises(Http404):
        get_scoped_or_404(Membership.objects.all(), organisation, pk="not-a-number")
