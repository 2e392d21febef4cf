import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Role
from tests.factories import VendorFactory
from vendors import services
from vendors.models import CodeOfPracticeSignatory, GpaiModel

pytestmark = pytest.mark.django_db


def model_data(vendor, **overrides):
    return {"vendor": vendor, "name": "Helix-4", "version": "2025-06", "training_compute_flop": 3e25, **overrides}


def test_it_registers_a_gpai_model(owner_actor, vendor):
    model = services.gpai_model_create(
        actor=owner_actor, data=model_data(vendor, code_of_practice_signatory=CodeOfPracticeSignatory.YES)
    )

    assert model.presumed_systemic_risk
    event = AuditEvent.objects.get(action="vendors.gpai_model.created")
    # Stored as the exact integer PostgreSQL gives back, so the event hashes the same on every database.
    assert event.changes["training_compute_flop"] == [None, 3 * 10**25]


def test_a_model_below_the_threshold_is_not_presumed_systemic(owner_actor, vendor):
    model = services.gpai_model_create(actor=owner_actor, data=model_data(vendor, training_compute_flop=1e25))

    assert not model.presumed_systemic_risk


def test_it_refuses_negative_training_compute(owner_actor, vendor):
    with pytest.raises(ValidationError) as excinfo:
        services.gpai_model_create(actor=owner_actor, data=model_data(vendor, training_compute_flop=-1.0))

    assert list(excinfo.value.message_dict) == ["training_compute_flop"]
    assert not GpaiModel.objects.exists()


def test_it_refuses_the_same_name_and_version_twice_for_one_vendor(owner_actor, vendor):
    services.gpai_model_create(actor=owner_actor, data=model_data(vendor))

    with pytest.raises(ValidationError) as excinfo:
        services.gpai_model_create(actor=owner_actor, data=model_data(vendor, name="helix-4"))

    assert excinfo.value.message_dict == {"name": [services.DUPLICATE_GPAI_MODEL]}
    services.gpai_model_create(actor=owner_actor, data=model_data(vendor, version="2025-11"))
    assert GpaiModel.objects.count() == 2


def test_it_refuses_a_vendor_of_another_organisation(owner_actor, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    with pytest.raises(ValidationError) as excinfo:
        services.gpai_model_create(actor=owner_actor, data=model_data(theirs))

    assert excinfo.value.message_dict == {"vendor": ["Unknown vendor."]}


def test_it_audits_an_update_as_a_diff(owner_actor, gpai_model):
    services.gpai_model_update(
        actor=owner_actor, model=gpai_model, data={"code_of_practice_signatory": CodeOfPracticeSignatory.NO}
    )

    event = AuditEvent.objects.get(action="vendors.gpai_model.updated")
    assert event.changes == {"code_of_practice_signatory": ["unknown", "no"]}


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.LEGAL, Role.APPROVER, Role.AUDITOR])
def test_only_registry_managers_register_gpai_models(actor_of, role, vendor):
    with pytest.raises(PermissionDenied):
        services.gpai_model_create(actor=actor_of(role), data=model_data(vendor))

    assert not GpaiModel.objects.exists()


def test_it_refuses_a_model_for_an_archived_vendor(owner_actor, vendor):
    services.vendor_archive(actor=owner_actor, vendor=vendor)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        services.gpai_model_create(actor=owner_actor, data=model_data(vendor))

    assert list(excinfo.value.message_dict) == ["vendor"]
    assert "archived" in excinfo.value.message_dict["vendor"][0]
    assert not GpaiModel.objects.exists()
    assert AuditEvent.objects.count() == events


def test_it_refuses_moving_a_model_to_an_archived_vendor(owner_actor, organisation, gpai_model):
    archived = VendorFactory(organisation=organisation, legal_name="Gone Ltd")
    services.vendor_archive(actor=owner_actor, vendor=archived)

    with pytest.raises(ValidationError) as excinfo:
        services.gpai_model_update(actor=owner_actor, model=gpai_model, data={"vendor": archived})

    assert "archived" in excinfo.value.message_dict["vendor"][0]
    gpai_model.refresh_from_db()
    assert gpai_model.vendor_id != archived.pk


def test_models_of_an_archived_vendor_stay_editable(owner_actor, vendor, gpai_model):
    services.vendor_archive(actor=owner_actor, vendor=vendor)

    services.gpai_model_update(
        actor=owner_actor, model=gpai_model, data={"vendor": vendor, "code_of_practice_signatory": "no"}
    )

    gpai_model.refresh_from_db()
    assert gpai_model.code_of_practice_signatory == "no"
