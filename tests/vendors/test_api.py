import pytest

from core.models import AuditEvent, Role
from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory
from vendors.models import AiSystem, Contact, GpaiModel, Vendor, VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_client_for, owner):
    return api_client_for(owner)


# Vendors -------------------------------------------------------------------------------


def test_it_creates_a_vendor_through_the_service(api, organisation, owner):
    response = api.post(
        "/api/v1/vendors/",
        {"legal_name": "Helix Frontier AI, Inc.", "country": "US", "lei": "5493001kjtiigc8y1r12"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["lei"] == "5493001KJTIIGC8Y1R12"
    assert body["is_eu_established"] is False
    assert body["lacks_eu_representative"] is True
    assert body["system_count"] == 0
    assert body["created_by"] == owner.user.username
    assert AuditEvent.objects.filter(action="vendors.vendor.created", object_id=str(body["id"])).exists()


def test_it_answers_400_with_field_errors_and_writes_nothing(api, vendor):
    response = api.post(
        "/api/v1/vendors/",
        {"legal_name": "TALENTLENS GMBH", "country": "DE", "lei": "5493001KJTIIGC8Y1R13"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["legal_name"] == ["A vendor with this legal name already exists in your organisation."]
    assert "check digits" in errors["lei"][0]
    assert Vendor.objects.count() == 1


def test_it_refuses_a_parent_of_another_organisation_as_unknown(api, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    response = api.post("/api/v1/vendors/", {"legal_name": "X", "country": "DE", "parent": theirs.pk}, format="json")
    missing = api.post("/api/v1/vendors/", {"legal_name": "X", "country": "DE", "parent": 999999}, format="json")

    assert response.status_code == missing.status_code == 400
    assert response.json() == missing.json() == {"errors": {"parent": ["Unknown vendor."]}}


def test_it_updates_a_vendor_partially_and_audits_the_diff(api, vendor):
    response = api.patch(f"/api/v1/vendors/{vendor.pk}/", {"country": "AT"}, format="json")

    assert response.status_code == 200
    assert response.json()["country"] == "AT"
    assert AuditEvent.objects.get(action="vendors.vendor.updated").changes == {"country": ["DE", "AT"]}


def test_a_full_update_replaces_the_fields(api, vendor):
    response = api.put(
        f"/api/v1/vendors/{vendor.pk}/",
        {"legal_name": "TalentLens SE", "country": "DE", "status": "active"},
        format="json",
    )

    assert response.status_code == 200
    vendor.refresh_from_db()
    assert vendor.legal_name == "TalentLens SE"


def test_delete_archives_a_vendor_which_stays_retrievable(api, vendor):
    assert api.delete(f"/api/v1/vendors/{vendor.pk}/").status_code == 204

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ARCHIVED
    assert api.get(f"/api/v1/vendors/{vendor.pk}/").json()["status"] == "archived"
    assert api.get("/api/v1/vendors/").json()["count"] == 0
    assert api.get("/api/v1/vendors/?status=archived").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("eu_established=true", ["TalentLens GmbH"]),
        ("eu_established=false", ["Helix Frontier AI, Inc."]),
        ("country=US", ["Helix Frontier AI, Inc."]),
        ("search=talent", ["TalentLens GmbH"]),
        ("ordering=-legal_name", ["TalentLens GmbH", "Helix Frontier AI, Inc."]),
        ("ordering=-system_count", ["Helix Frontier AI, Inc.", "TalentLens GmbH"]),
    ],
)
def test_it_filters_searches_and_orders_vendors(api, vendor, organisation, query, expected):
    helix = VendorFactory(organisation=organisation, legal_name="Helix Frontier AI, Inc.", country="US")
    AiSystemFactory(vendor=helix)

    response = api.get(f"/api/v1/vendors/?{query}")

    assert [row["legal_name"] for row in response.json()["results"]] == expected


def test_an_invalid_filter_value_is_a_400(api, vendor):
    response = api.get("/api/v1/vendors/?status=bogus")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


# Contacts ------------------------------------------------------------------------------


def test_it_creates_updates_and_deletes_contacts(api, vendor):
    created = api.post(
        "/api/v1/contacts/", {"vendor": vendor.pk, "name": "Jonas", "role": "DPO", "is_primary": True}, format="json"
    )
    contact_url = f"/api/v1/contacts/{created.json()['id']}/"
    updated = api.patch(contact_url, {"phone": "+49 30 1234"}, format="json")
    deleted = api.delete(contact_url)

    assert (created.status_code, updated.status_code, deleted.status_code) == (201, 200, 204)
    assert updated.json()["phone"] == "+49 30 1234"
    assert not Contact.objects.exists()
    assert list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True)) == [
        "vendors.contact.created",
        "vendors.contact.updated",
        "vendors.contact.deleted",
    ]


def test_a_new_primary_contact_takes_over_from_the_old_one(api, vendor, contact):
    api.patch(f"/api/v1/contacts/{contact.pk}/", {"is_primary": True}, format="json")

    response = api.post("/api/v1/contacts/", {"vendor": vendor.pk, "name": "Jonas", "is_primary": True}, format="json")

    assert response.status_code == 201, response.json()
    assert list(Contact.objects.filter(vendor=vendor, is_primary=True).values_list("name", flat=True)) == ["Jonas"]


def test_a_vendor_cannot_be_created_archived(api):
    response = api.post(
        "/api/v1/vendors/", {"legal_name": "Ghost Ltd", "country": "DE", "status": "archived"}, format="json"
    )

    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert not Vendor.objects.exists() and not AuditEvent.objects.filter(action="vendors.vendor.created").exists()


def test_a_contact_cannot_move_to_another_vendor(api, contact, organisation):
    other = VendorFactory(organisation=organisation)

    response = api.patch(f"/api/v1/contacts/{contact.pk}/", {"vendor": other.pk}, format="json")

    assert response.status_code == 400
    assert "vendor" in response.json()["errors"]


def test_a_contact_for_another_organisations_vendor_is_refused(api, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    response = api.post("/api/v1/contacts/", {"vendor": theirs.pk, "name": "Spy"}, format="json")

    assert response.json() == {"errors": {"vendor": ["Unknown vendor."]}}
    assert not Contact.objects.exists()


def test_contacts_filter_by_vendor(api, contact, organisation):
    other = VendorFactory(organisation=organisation)
    Contact.objects.create(organisation=organisation, vendor=other, name="Elsewhere")

    response = api.get(f"/api/v1/contacts/?vendor={contact.vendor_id}")

    assert [row["name"] for row in response.json()["results"]] == ["Miriam Vogt"]


# AI systems ----------------------------------------------------------------------------


def test_it_creates_a_system_with_related_objects(api, vendor, gpai_model, members):
    requester = members[Role.REQUESTER]
    response = api.post(
        "/api/v1/ai-systems/",
        {
            "vendor": vendor.pk,
            "name": "Brightdesk Assist",
            "intended_purpose": "Answers customers",
            "gpai_model": gpai_model.pk,
            "business_owner": requester.pk,
            "processes_personal_data": True,
        },
        format="json",
    )

    assert response.status_code == 201
    system = AiSystem.objects.get(pk=response.json()["id"])
    assert (system.gpai_model, system.business_owner) == (gpai_model, requester)


@pytest.mark.parametrize(
    ("field", "message"),
    [("vendor", "Unknown vendor."), ("gpai_model", "Unknown GPAI model."), ("business_owner", "Unknown member.")],
)
def test_related_objects_of_another_organisation_are_unknown(api, vendor, outsider, field, message):
    their_vendor = VendorFactory(organisation=outsider.organisation)
    theirs = {
        "vendor": their_vendor.pk,
        "gpai_model": GpaiModelFactory(vendor=their_vendor).pk,
        "business_owner": outsider.pk,
    }[field]
    data = {"vendor": vendor.pk, "name": "Bot", "intended_purpose": "Chats", field: theirs}

    response = api.post("/api/v1/ai-systems/", data, format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": {field: [message]}}
    assert not AiSystem.objects.exists()


def test_it_reports_a_missing_purpose(api, vendor):
    response = api.post("/api/v1/ai-systems/", {"vendor": vendor.pk, "name": "Bot"}, format="json")

    assert response.status_code == 400
    assert "intended_purpose" in response.json()["errors"]


def test_delete_archives_a_system(api, system):
    assert api.delete(f"/api/v1/ai-systems/{system.pk}/").status_code == 204

    system.refresh_from_db()
    assert system.is_archived
    assert api.get("/api/v1/ai-systems/").json()["count"] == 0
    assert api.get("/api/v1/ai-systems/?archived=true").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lifecycle=in_use", ["Chat"]),
        ("gpai_based=true", ["Chat"]),
        ("processes_personal_data=false", ["Chat"]),
        ("search=screen", ["TalentLens Screen"]),
        ("ordering=-name", ["TalentLens Screen", "Chat"]),
    ],
)
def test_it_filters_systems(api, system, gpai_model, query, expected):
    AiSystemFactory(vendor=system.vendor, name="Chat", lifecycle="in_use", gpai_model=gpai_model)
    system.processes_personal_data = True
    system.save()

    assert [row["name"] for row in api.get(f"/api/v1/ai-systems/?{query}").json()["results"]] == expected


# GPAI models ---------------------------------------------------------------------------


def test_it_creates_and_updates_a_gpai_model(api, vendor):
    created = api.post(
        "/api/v1/gpai-models/",
        {"vendor": vendor.pk, "name": "Helix-4", "version": "2025-06", "training_compute_flop": 3e25},
        format="json",
    )
    updated = api.patch(
        f"/api/v1/gpai-models/{created.json()['id']}/", {"code_of_practice_signatory": "yes"}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["presumed_systemic_risk"] is True
    assert updated.json()["code_of_practice_signatory"] == "yes"


def test_it_refuses_a_duplicate_model_version(api, gpai_model):
    response = api.post(
        "/api/v1/gpai-models/",
        {"vendor": gpai_model.vendor_id, "name": "Helix-4", "version": "2025-06"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["name"] == ["This vendor already has a GPAI model with this name and version."]


def test_it_refuses_a_model_for_an_archived_vendor(api, vendor, gpai_model):
    api.delete(f"/api/v1/vendors/{vendor.pk}/")

    created = api.post("/api/v1/gpai-models/", {"vendor": vendor.pk, "name": "Helix-5"}, format="json")
    kept = api.patch(f"/api/v1/gpai-models/{gpai_model.pk}/", {"vendor": vendor.pk, "notes": "Legacy"}, format="json")

    assert created.status_code == 400
    assert list(created.json()["errors"]) == ["vendor"]
    assert "archived" in created.json()["errors"]["vendor"][0]
    assert kept.status_code == 200  # its own models stay editable
    assert list(GpaiModel.objects.values_list("name", flat=True)) == ["Helix-4"]


def test_it_works_with_a_personal_api_token(client, owner, vendor):
    from core import services as core_services
    from core.access import Actor

    _token, secret = core_services.api_token_create(actor=Actor.for_member(owner), name="CI")

    response = client.get("/api/v1/vendors/", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    assert response.json()["count"] == 1
