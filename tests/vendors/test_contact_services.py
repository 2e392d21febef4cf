import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Role
from vendors import services
from vendors.models import Contact

pytestmark = pytest.mark.django_db


def test_it_adds_a_contact_to_a_vendor(owner_actor, vendor):
    contact = services.contact_create(
        actor=owner_actor,
        vendor=vendor,
        data={"name": "Jonas Keller", "role": "DPO", "email": "dpo@talentlens.example"},
    )

    assert contact.organisation == vendor.organisation
    event = AuditEvent.objects.get(action="vendors.contact.created")
    assert event.changes["vendor"] == [None, vendor.pk]
    assert event.changes["role"] == [None, "DPO"]


def test_it_refuses_a_malformed_email(owner_actor, vendor):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_create(actor=owner_actor, vendor=vendor, data={"name": "Jonas", "email": "jonas@"})

    assert list(excinfo.value.message_dict) == ["email"]
    assert not Contact.objects.exists()


def test_a_new_primary_contact_takes_over_from_the_old_one(owner_actor, vendor, contact):
    services.contact_update(actor=owner_actor, contact=contact, data={"is_primary": True})
    newcomer = services.contact_create(actor=owner_actor, vendor=vendor, data={"name": "New", "is_primary": True})

    contact.refresh_from_db()
    assert not contact.is_primary
    assert newcomer.is_primary


def test_it_audits_a_contact_update_as_a_diff(owner_actor, contact):
    services.contact_update(actor=owner_actor, contact=contact, data={"name": contact.name, "phone": "+49 30 1234"})

    assert AuditEvent.objects.get(action="vendors.contact.updated").changes == {"phone": ["", "+49 30 1234"]}


def test_it_deletes_a_contact_and_keeps_what_it_held_in_the_log(owner_actor, contact):
    contact_id = contact.pk
    services.contact_delete(actor=owner_actor, contact=contact)

    assert not Contact.objects.filter(pk=contact_id).exists()
    event = AuditEvent.objects.get(action="vendors.contact.deleted")
    assert event.object_id == str(contact_id)
    assert event.changes["name"] == ["Miriam Vogt", None]


def test_a_requester_manages_contacts_of_their_own_vendor_only(actor_of, requester_vendor, vendor):
    rita = actor_of(Role.REQUESTER)
    services.contact_create(actor=rita, vendor=requester_vendor, data={"name": "Their sales rep"})

    with pytest.raises(PermissionDenied):
        services.contact_create(actor=rita, vendor=vendor, data={"name": "Someone"})
    assert list(Contact.objects.values_list("name", flat=True)) == ["Their sales rep"]


@pytest.mark.parametrize("role", [Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_read_only_roles_cannot_touch_contacts(actor_of, role, contact):
    with pytest.raises(PermissionDenied):
        services.contact_update(actor=actor_of(role), contact=contact, data={"name": "x"})
    with pytest.raises(PermissionDenied):
        services.contact_delete(actor=actor_of(role), contact=contact)

    assert Contact.objects.get(pk=contact.pk).name == "Miriam Vogt"
