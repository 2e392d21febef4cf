import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import verify_chain
from core.models import AuditEvent, Role
from tests.factories import VendorFactory
from vendors import services
from vendors.models import Vendor, VendorStatus

pytestmark = pytest.mark.django_db

VALID = {"legal_name": "Helix Frontier AI, Inc.", "country": "US", "lei": "5493001KJTIIGC8Y1R12"}


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_creates_a_vendor_and_audits_it(owner_actor, organisation):
    vendor = services.vendor_create(actor=owner_actor, data={**VALID, "trade_name": "Helix"})

    assert vendor.organisation == organisation
    assert vendor.created_by == owner_actor.user
    assert not vendor.is_eu_established
    event = AuditEvent.objects.get(action="vendors.vendor.created")
    assert event.object_id == str(vendor.pk)
    assert event.changes["legal_name"] == [None, "Helix Frontier AI, Inc."]
    assert event.changes["trade_name"] == [None, "Helix"]
    assert "website" not in event.changes  # empty values are left out
    assert verify_chain(organisation) is None


def test_it_normalises_identifiers(owner_actor):
    vendor = services.vendor_create(
        actor=owner_actor, data={**VALID, "lei": " 5493001kjtiigc8y1r12 ", "vat_number": "de 123 456 789"}
    )

    assert vendor.lei == "5493001KJTIIGC8Y1R12"
    assert vendor.vat_number == "DE123456789"


@pytest.mark.parametrize("name", ["helix frontier ai, inc.", "HELIX FRONTIER AI, INC.", " Helix Frontier AI, Inc. "])
def test_it_refuses_a_duplicate_legal_name_whatever_its_case(owner_actor, name):
    services.vendor_create(actor=owner_actor, data=VALID)

    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(actor=owner_actor, data={**VALID, "legal_name": name})

    assert errors_of(excinfo) == {"legal_name": [services.DUPLICATE_VENDOR]}
    assert Vendor.objects.count() == 1
    assert AuditEvent.objects.filter(action="vendors.vendor.created").count() == 1


def test_it_allows_the_same_legal_name_in_another_organisation(owner_actor, outsider_actor):
    services.vendor_create(actor=owner_actor, data=VALID)
    services.vendor_create(actor=outsider_actor, data=VALID)

    assert Vendor.objects.filter(legal_name=VALID["legal_name"]).count() == 2


def test_the_database_refuses_duplicate_names_too(organisation):
    from django.db import IntegrityError

    VendorFactory(organisation=organisation, legal_name="Acme AI")
    with pytest.raises(IntegrityError):
        VendorFactory(organisation=organisation, legal_name="ACME AI")


def test_it_refuses_an_lei_with_wrong_check_digits(owner_actor):
    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(actor=owner_actor, data={**VALID, "lei": "5493001KJTIIGC8Y1R13"})

    assert "check digits" in errors_of(excinfo)["lei"][0]
    assert not Vendor.objects.exists()


def test_it_reports_every_field_error_at_once(owner_actor, organisation):
    VendorFactory(organisation=organisation, legal_name=VALID["legal_name"])

    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(actor=owner_actor, data={**VALID, "country": "XX", "website": "not a url"})

    assert set(errors_of(excinfo)) == {"legal_name", "country", "website"}


def test_it_refuses_a_parent_of_another_organisation(owner_actor, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(actor=owner_actor, data={**VALID, "parent": theirs})

    assert errors_of(excinfo) == {"parent": ["Unknown vendor."]}
    assert not Vendor.objects.filter(organisation=owner_actor.organisation).exists()


def test_it_refuses_a_vendor_as_its_own_parent(owner_actor, vendor):
    with pytest.raises(ValidationError) as excinfo:
        services.vendor_update(actor=owner_actor, vendor=vendor, data={"parent": vendor})

    assert errors_of(excinfo) == {"parent": ["A vendor cannot be its own parent."]}
    vendor.refresh_from_db()
    assert vendor.parent is None


def test_it_refuses_a_parent_that_would_make_a_loop(owner_actor, organisation):
    group = VendorFactory(organisation=organisation, legal_name="Group SE")
    middle = VendorFactory(organisation=organisation, legal_name="Middle GmbH", parent=group)
    leaf = VendorFactory(organisation=organisation, legal_name="Leaf AG", parent=middle)

    with pytest.raises(ValidationError) as excinfo:
        services.vendor_update(actor=owner_actor, vendor=group, data={"parent": leaf})

    assert "loop" in errors_of(excinfo)["parent"][0]
    group.refresh_from_db()
    assert group.parent is None


def test_it_audits_only_the_changed_fields(owner_actor, vendor):
    services.vendor_update(
        actor=owner_actor,
        vendor=vendor,
        data={"legal_name": vendor.legal_name, "country": "AT", "notes": "Renewal in June", "status": vendor.status},
    )

    event = AuditEvent.objects.get(action="vendors.vendor.updated")
    assert event.changes == {"country": ["DE", "AT"], "notes": ["", "Renewal in June"]}


def test_it_records_nothing_when_nothing_changed(owner_actor, vendor):
    services.vendor_update(actor=owner_actor, vendor=vendor, data={"legal_name": vendor.legal_name})

    assert not AuditEvent.objects.filter(action="vendors.vendor.updated").exists()


def test_renaming_a_vendor_to_its_own_name_in_another_case_is_allowed(owner_actor, vendor):
    services.vendor_update(actor=owner_actor, vendor=vendor, data={"legal_name": vendor.legal_name.upper()})

    vendor.refresh_from_db()
    assert vendor.legal_name == "TALENTLENS GMBH"


def test_it_archives_a_vendor_once(owner_actor, vendor):
    services.vendor_archive(actor=owner_actor, vendor=vendor)
    services.vendor_archive(actor=owner_actor, vendor=vendor)

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ARCHIVED
    event = AuditEvent.objects.get(action="vendors.vendor.archived")
    assert event.changes == {"status": ["active", "archived"]}


def test_archiving_through_an_update_is_refused(owner_actor, vendor):
    with pytest.raises(ValidationError) as excinfo:
        services.vendor_update(actor=owner_actor, vendor=vendor, data={"status": VendorStatus.ARCHIVED})

    assert "status" in errors_of(excinfo)


def test_an_archived_vendor_is_restored_by_a_status_change(owner_actor, vendor):
    services.vendor_archive(actor=owner_actor, vendor=vendor)
    services.vendor_update(actor=owner_actor, vendor=vendor, data={"status": VendorStatus.ACTIVE})

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ACTIVE


@pytest.mark.parametrize("role", [Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_read_only_roles_cannot_create_vendors(actor_of, role):
    with pytest.raises(PermissionDenied):
        services.vendor_create(actor=actor_of(role), data=VALID)

    assert not Vendor.objects.exists()


@pytest.mark.parametrize("role", [Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_read_only_roles_cannot_change_vendors(actor_of, role, vendor):
    with pytest.raises(PermissionDenied):
        services.vendor_update(actor=actor_of(role), vendor=vendor, data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        services.vendor_archive(actor=actor_of(role), vendor=vendor)

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ACTIVE
    assert vendor.notes == ""


def test_a_requester_creates_and_edits_their_own_vendor(actor_of):
    rita = actor_of(Role.REQUESTER)
    vendor = services.vendor_create(actor=rita, data=VALID)
    services.vendor_update(actor=rita, vendor=vendor, data={"notes": "Shortlisted"})
    services.vendor_archive(actor=rita, vendor=vendor)

    vendor.refresh_from_db()
    assert (vendor.notes, vendor.status) == ("Shortlisted", VendorStatus.ARCHIVED)


def test_a_requester_cannot_change_someone_elses_vendor(actor_of, vendor):
    rita = actor_of(Role.REQUESTER)

    with pytest.raises(PermissionDenied):
        services.vendor_update(actor=rita, vendor=vendor, data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        services.vendor_archive(actor=rita, vendor=vendor)


def test_a_compliance_officer_changes_anyones_vendor(actor_of, requester_vendor):
    services.vendor_update(actor=actor_of(Role.COMPLIANCE), vendor=requester_vendor, data={"notes": "Checked"})

    requester_vendor.refresh_from_db()
    assert requester_vendor.notes == "Checked"


def test_nobody_changes_a_vendor_of_another_organisation(outsider_actor, vendor):
    with pytest.raises(PermissionDenied):
        services.vendor_update(actor=outsider_actor, vendor=vendor, data={"notes": "x"})


def test_eu_establishment_follows_the_country(organisation):
    assert VendorFactory.build(organisation=organisation, country="NO").is_eu_established  # EEA, not EU
    assert not VendorFactory.build(organisation=organisation, country="CH").is_eu_established
    assert VendorFactory.build(organisation=organisation, country="US").lacks_eu_representative
    assert not VendorFactory.build(
        organisation=organisation, country="US", eu_rep_name="Rep Ltd"
    ).lacks_eu_representative
