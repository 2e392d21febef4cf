import pytest
from django.urls import reverse

from core.models import AuditEvent, Role
from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory
from vendors.models import AiSystem, Lifecycle

pytestmark = pytest.mark.django_db

LIST_URL = reverse("vendors:system_list")


def names(response) -> list[str]:
    return [system.name for system in response.context["page_obj"]]


@pytest.fixture
def fleet(organisation, members):
    helix = VendorFactory(organisation=organisation, legal_name="Helix Frontier AI, Inc.", country="US")
    brightdesk = VendorFactory(organisation=organisation, legal_name="Brightdesk B.V.", country="NL")
    model = GpaiModelFactory(vendor=helix, name="Helix-4")
    return {
        "chat": AiSystemFactory(
            vendor=brightdesk,
            name="Brightdesk Assist",
            gpai_model=model,
            lifecycle=Lifecycle.IN_USE,
            processes_personal_data=True,
            business_owner=members[Role.REQUESTER],
        ),
        "copilot": AiSystemFactory(vendor=helix, name="Helix Copilot", gpai_model=model, lifecycle=Lifecycle.IN_USE),
        "screen": AiSystemFactory(vendor=brightdesk, name="CV Screen", processes_personal_data=True),
        "retired": AiSystemFactory(vendor=helix, name="Old Bot", archived_at="2026-01-01T00:00Z"),
        "helix": helix,
        "model": model,
    }


def test_it_lists_systems_without_archived_ones(login, owner, fleet):
    response = login(owner).get(LIST_URL)

    assert names(response) == ["Brightdesk Assist", "CV Screen", "Helix Copilot"]
    assert "Showing 1–3 of 3 AI systems" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=screen", ["CV Screen"]),
        ("q=helix", ["Helix Copilot"]),  # vendor name
        ("lifecycle=in_use", ["Brightdesk Assist", "Helix Copilot"]),
        ("processes_personal_data=true", ["Brightdesk Assist", "CV Screen"]),
        ("processes_personal_data=false", ["Helix Copilot"]),
        ("gpai_based=true", ["Brightdesk Assist", "Helix Copilot"]),
        ("gpai_based=false", ["CV Screen"]),
        ("archived=true", ["Old Bot"]),
        ("sort=-name", ["Helix Copilot", "CV Screen", "Brightdesk Assist"]),
        ("sort=vendor", ["Brightdesk Assist", "CV Screen", "Helix Copilot"]),
    ],
)
def test_it_filters_searches_and_sorts(login, owner, fleet, query, expected):
    assert names(login(owner).get(f"{LIST_URL}?{query}")) == expected


def test_it_filters_by_vendor_model_and_business_owner(login, owner, members, fleet):
    client = login(owner)

    assert names(client.get(f"{LIST_URL}?vendor={fleet['helix'].pk}")) == ["Helix Copilot"]
    assert names(client.get(f"{LIST_URL}?gpai_model={fleet['model'].pk}")) == ["Brightdesk Assist", "Helix Copilot"]
    assert names(client.get(f"{LIST_URL}?business_owner={members[Role.REQUESTER].pk}")) == ["Brightdesk Assist"]


def test_a_vendor_filter_names_the_vendor_and_offers_to_remove_it(login, owner, fleet):
    content = login(owner).get(f"{LIST_URL}?vendor={fleet['helix'].pk}").content.decode()

    assert "Only systems of" in content
    assert "show all vendors" in content


def test_another_organisations_vendor_is_not_a_valid_filter(login, owner, outsider, fleet):
    theirs = VendorFactory(organisation=outsider.organisation)
    AiSystemFactory(vendor=theirs)

    response = login(owner).get(f"{LIST_URL}?vendor={theirs.pk}")

    assert response.context["filter"].errors["vendor"]
    assert all(system.organisation_id == owner.organisation_id for system in response.context["page_obj"])


def test_the_empty_list_says_what_to_do_next(login, owner):
    assert "No AI systems yet" in login(owner).get(LIST_URL).content.decode()


def test_the_create_page_preselects_the_vendor_it_came_from(login, owner, vendor):
    response = login(owner).get(f"{reverse('vendors:system_create')}?vendor={vendor.pk}")

    assert response.context["form"].initial["vendor"] == vendor


def test_the_create_page_ignores_another_organisations_vendor(login, owner, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    response = login(owner).get(f"{reverse('vendors:system_create')}?vendor={theirs.pk}")

    assert response.context["form"].initial["vendor"] is None
    assert theirs not in response.context["form"].fields["vendor"].queryset


def test_it_registers_a_system(login, owner, vendor, gpai_model):
    response = login(owner).post(
        reverse("vendors:system_create"),
        {
            "vendor": vendor.pk,
            "name": "TalentLens Screen",
            "version": "4.2",
            "intended_purpose": "Ranks CVs",
            "lifecycle": "in_use",
            "gpai_model": gpai_model.pk,
            "business_owner": owner.pk,
        },
    )

    system = AiSystem.objects.get()
    assert response.status_code == 302
    assert (system.gpai_model, system.business_owner, system.created_by) == (gpai_model, owner, owner.user)


def test_it_refuses_a_system_without_purpose_and_saves_nothing(login, owner, vendor):
    response = login(owner).post(
        reverse("vendors:system_create"), {"vendor": vendor.pk, "name": "X", "lifecycle": "in_use"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["intended_purpose"]
    assert not AiSystem.objects.exists()


def test_it_refuses_a_business_owner_of_another_organisation(login, owner, outsider, vendor):
    response = login(owner).post(
        reverse("vendors:system_create"),
        {
            "vendor": vendor.pk,
            "name": "X",
            "intended_purpose": "Y",
            "lifecycle": "in_use",
            "business_owner": outsider.pk,
        },
    )

    assert response.context["form"].errors["business_owner"]
    assert not AiSystem.objects.exists()


def test_it_edits_a_system(login, owner, system):
    response = login(owner).post(
        reverse("vendors:system_edit", kwargs={"pk": system.pk}),
        {"vendor": system.vendor_id, "name": system.name, "intended_purpose": "Ranks CVs", "lifecycle": "retired"},
    )

    assert response.status_code == 302
    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.RETIRED
    assert "lifecycle" in AuditEvent.objects.get(action="vendors.ai_system.updated").changes


def test_it_archives_a_system_after_confirmation(login, owner, system):
    url = reverse("vendors:system_archive", kwargs={"pk": system.pk})
    client = login(owner)

    assert "Archive AI system" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    system.refresh_from_db()
    assert system.is_archived


def test_the_detail_page_leaves_room_for_the_classification_and_documents(login, owner, system, gpai_model):
    system.gpai_model = gpai_model
    system.save()

    content = login(owner).get(system.get_absolute_url()).content.decode()

    assert "Not yet classified" in content
    assert gpai_model.get_absolute_url() in content
    assert system.vendor.get_absolute_url() in content
