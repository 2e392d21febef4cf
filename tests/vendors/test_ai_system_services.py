import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Role
from tests.factories import GpaiModelFactory, VendorFactory
from vendors import services
from vendors.models import AiSystem, Lifecycle

pytestmark = pytest.mark.django_db


def system_data(vendor, **overrides):
    return {
        "vendor": vendor,
        "name": "Brightdesk Assist",
        "intended_purpose": "Answers customer questions",
        **overrides,
    }


def test_it_registers_an_ai_system_with_its_owner_and_model(owner_actor, vendor, gpai_model, members):
    owner = members[Role.REQUESTER]
    system = services.ai_system_create(
        actor=owner_actor,
        data=system_data(vendor, gpai_model=gpai_model, business_owner=owner, processes_personal_data=True),
    )

    assert (system.organisation, system.created_by) == (owner_actor.organisation, owner_actor.user)
    assert system.gpai_model == gpai_model
    event = AuditEvent.objects.get(action="vendors.ai_system.created")
    assert event.changes["business_owner"] == [None, owner.pk]
    assert event.changes["gpai_model"] == [None, gpai_model.pk]


def test_it_requires_an_intended_purpose(owner_actor, vendor):
    with pytest.raises(ValidationError) as excinfo:
        services.ai_system_create(actor=owner_actor, data=system_data(vendor, intended_purpose=""))

    assert list(excinfo.value.message_dict) == ["intended_purpose"]
    assert not AiSystem.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [("vendor", "Unknown vendor."), ("gpai_model", "Unknown GPAI model."), ("business_owner", "Unknown member.")],
)
def test_it_refuses_related_objects_of_another_organisation(owner_actor, vendor, outsider, field, message):
    their_vendor = VendorFactory(organisation=outsider.organisation)
    theirs = {
        "vendor": their_vendor,
        "gpai_model": GpaiModelFactory(vendor=their_vendor),
        "business_owner": outsider,
    }[field]

    with pytest.raises(ValidationError) as excinfo:
        services.ai_system_create(actor=owner_actor, data={**system_data(vendor), field: theirs})

    assert excinfo.value.message_dict == {field: [message]}
    assert not AiSystem.objects.exists()


def test_it_refuses_new_systems_for_an_archived_vendor(owner_actor, vendor):
    services.vendor_archive(actor=owner_actor, vendor=vendor)

    with pytest.raises(ValidationError) as excinfo:
        services.ai_system_create(actor=owner_actor, data=system_data(vendor))

    assert "archived" in excinfo.value.message_dict["vendor"][0]


def test_systems_of_an_archived_vendor_stay_editable(owner_actor, vendor, system):
    services.vendor_archive(actor=owner_actor, vendor=vendor)
    services.ai_system_update(actor=owner_actor, system=system, data={"vendor": vendor, "lifecycle": Lifecycle.RETIRED})

    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.RETIRED


def test_it_audits_only_changed_fields(owner_actor, system):
    services.ai_system_update(
        actor=owner_actor,
        system=system,
        data={"name": system.name, "lifecycle": Lifecycle.IN_USE, "processes_personal_data": True},
    )

    event = AuditEvent.objects.get(action="vendors.ai_system.updated")
    assert event.changes == {"lifecycle": ["evaluating", "in_use"], "processes_personal_data": [False, True]}


def test_it_archives_a_system(owner_actor, system):
    services.ai_system_archive(actor=owner_actor, system=system)

    system.refresh_from_db()
    assert system.is_archived
    assert AuditEvent.objects.filter(action="vendors.ai_system.archived", object_id=str(system.pk)).exists()


def test_a_requester_registers_and_changes_their_own_system(actor_of, vendor):
    rita = actor_of(Role.REQUESTER)
    system = services.ai_system_create(actor=rita, data=system_data(vendor))
    services.ai_system_update(actor=rita, system=system, data={"version": "2"})
    services.ai_system_archive(actor=rita, system=system)

    system.refresh_from_db()
    assert (system.version, system.is_archived) == ("2", True)


def test_a_requester_cannot_change_someone_elses_system(actor_of, system):
    rita = actor_of(Role.REQUESTER)

    with pytest.raises(PermissionDenied):
        services.ai_system_update(actor=rita, system=system, data={"version": "2"})
    with pytest.raises(PermissionDenied):
        services.ai_system_archive(actor=rita, system=system)
    system.refresh_from_db()
    assert (system.version, system.is_archived) == ("", False)


@pytest.mark.parametrize("role", [Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_read_only_roles_cannot_register_systems(actor_of, role, vendor):
    with pytest.raises(PermissionDenied):
        services.ai_system_create(actor=actor_of(role), data=system_data(vendor))

    assert not AiSystem.objects.exists()
