import pytest
from django.urls import reverse

from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory
from vendors.models import CodeOfPracticeSignatory, GpaiModel, VendorStatus

pytestmark = pytest.mark.django_db

LIST_URL = reverse("vendors:gpai_model_list")


def names(response) -> list[str]:
    return [model.name for model in response.context["page_obj"]]


@pytest.fixture
def models(organisation):
    helix = VendorFactory(organisation=organisation, legal_name="Helix Frontier AI, Inc.", country="US")
    other = VendorFactory(organisation=organisation, legal_name="Mistral-like SAS", country="FR")
    big = GpaiModelFactory(
        vendor=helix, name="Helix-4", training_compute_flop=3e25, code_of_practice_signatory=CodeOfPracticeSignatory.YES
    )
    AiSystemFactory.create_batch(2, vendor=helix, gpai_model=big)
    return {
        "big": big,
        "small": GpaiModelFactory(vendor=helix, name="Helix-4 Mini", training_compute_flop=8e24),
        "unknown": GpaiModelFactory(vendor=other, name="Open Weights 7B"),
        "helix": helix,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Helix-4", "Helix-4 Mini", "Open Weights 7B"]),
        ("q=mini", ["Helix-4 Mini"]),
        ("q=mistral", ["Open Weights 7B"]),
        ("systemic_risk=true", ["Helix-4"]),
        ("systemic_risk=false", ["Helix-4 Mini", "Open Weights 7B"]),
        ("code_of_practice_signatory=yes", ["Helix-4"]),
        ("sort=-compute", ["Helix-4", "Helix-4 Mini", "Open Weights 7B"]),  # unknown compute last
        ("sort=-systems", ["Helix-4", "Helix-4 Mini", "Open Weights 7B"]),
    ],
)
def test_it_filters_searches_and_sorts(login, owner, models, query, expected):
    assert names(login(owner).get(f"{LIST_URL}?{query}")) == expected


def test_it_filters_by_vendor(login, owner, models):
    assert names(login(owner).get(f"{LIST_URL}?vendor={models['helix'].pk}")) == ["Helix-4", "Helix-4 Mini"]


def test_the_detail_page_shows_the_systemic_risk_presumption_and_the_systems(login, owner, models):
    response = login(owner).get(models["big"].get_absolute_url())

    assert "Systemic risk presumed" in response.content.decode()
    assert len(response.context["systems"]) == 2


def test_it_registers_a_model_with_compute_in_scientific_notation(login, owner, vendor):
    response = login(owner).post(
        reverse("vendors:gpai_model_create"),
        {"vendor": vendor.pk, "name": "Helix-5", "training_compute_flop": "5e25", "code_of_practice_signatory": "no"},
    )

    assert response.status_code == 302
    assert GpaiModel.objects.get().training_compute_flop == 5e25


def test_it_refuses_negative_compute_inline(login, owner, vendor):
    response = login(owner).post(
        reverse("vendors:gpai_model_create"),
        {"vendor": vendor.pk, "name": "Helix-5", "training_compute_flop": "-3", "code_of_practice_signatory": "no"},
    )

    assert response.context["form"].errors["training_compute_flop"]
    assert not GpaiModel.objects.exists()


def test_it_edits_a_model(login, owner, gpai_model):
    response = login(owner).post(
        reverse("vendors:gpai_model_edit", kwargs={"pk": gpai_model.pk}),
        {"vendor": gpai_model.vendor_id, "name": "Helix-4", "version": "2025-06", "code_of_practice_signatory": "yes"},
    )

    assert response.status_code == 302
    gpai_model.refresh_from_db()
    assert gpai_model.code_of_practice_signatory == "yes"
    assert gpai_model.training_compute_flop is None  # cleared in the form


def test_the_empty_list_says_what_to_do_next(login, owner):
    assert "No general-purpose AI models yet" in login(owner).get(LIST_URL).content.decode()


def test_an_archived_vendor_is_not_offered_and_is_refused_on_its_field(login, owner, organisation, vendor):
    archived = VendorFactory(organisation=organisation, legal_name="Gone Ltd", status=VendorStatus.ARCHIVED)
    client = login(owner)

    assert archived not in client.get(reverse("vendors:gpai_model_create")).context["form"].fields["vendor"].queryset
    response = client.post(
        reverse("vendors:gpai_model_create"),
        {"vendor": archived.pk, "name": "Helix-5", "code_of_practice_signatory": "no"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["vendor"]
    assert not GpaiModel.objects.exists()


def test_a_model_of_an_archived_vendor_stays_editable_in_the_form(login, owner, gpai_model):
    gpai_model.vendor.status = VendorStatus.ARCHIVED
    gpai_model.vendor.save()

    response = login(owner).post(
        reverse("vendors:gpai_model_edit", kwargs={"pk": gpai_model.pk}),
        {"vendor": gpai_model.vendor_id, "name": "Helix-4", "version": "2025-06", "code_of_practice_signatory": "yes"},
    )

    assert response.status_code == 302
    gpai_model.refresh_from_db()
    assert gpai_model.code_of_practice_signatory == "yes"
