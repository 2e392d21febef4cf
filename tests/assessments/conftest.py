import pytest

from vendors.models import AiSystem, Vendor

HR_SCREENING = {
    "system.annex_iii_points": ["4a"],
    "system.profiles_natural_persons": True,
    "org.uses_under_own_authority": True,
    "org.is_employer_using_at_workplace": True,
}
SUPPORT_CHATBOT = {"system.interacts_with_persons": True, "org.uses_under_own_authority": True}


def make_system(organisation, name="CV Ranker", created_by=None) -> AiSystem:
    vendor, _ = Vendor.objects.get_or_create(
        organisation=organisation, legal_name=f"{organisation.slug} vendor", defaults={"country": "DE"}
    )
    return AiSystem.objects.create(
        organisation=organisation, vendor=vendor, name=name, intended_purpose="Ranks CVs", created_by=created_by
    )


@pytest.fixture
def system(organisation):
    return make_system(organisation)


@pytest.fixture
def other_system(other_organisation):
    return make_system(other_organisation, name="Their system")
