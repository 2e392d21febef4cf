import datetime as dt

import pytest

from assessments.services import classification_save
from contracts import services
from core.access import Actor
from core.models import Role
from tests.factories import AiSystemFactory, GpaiModelFactory, VendorFactory

HR_SCREENING = {
    "system.annex_iii_points": ["4a"],
    "system.profiles_natural_persons": True,
    "org.uses_under_own_authority": True,
    "org.is_employer_using_at_workplace": True,
}
CHATBOT = {"system.interacts_with_persons": True, "org.uses_under_own_authority": True}
GPAI_BASED = {"model.is_gpai": True, "model.training_compute_flop": 3e24, "org.uses_under_own_authority": True}
WE_PROVIDE_HIGH_RISK = {**HR_SCREENING, "org.develops_or_commissions": True, "org.markets_under_own_name": True}


@pytest.fixture
def actor_of(members):
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def legal(members):
    return Actor.for_member(members[Role.LEGAL])


@pytest.fixture
def vendor(organisation, owner):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH", country="DE", created_by=owner.user)


@pytest.fixture
def system(vendor, owner):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen", lifecycle="in_use", created_by=owner.user)


@pytest.fixture
def classify(owner_actor):
    def make(system, answers, timeline=None):
        return classification_save(actor=owner_actor, ai_system=system, answers=answers, timeline=timeline)

    return make


@pytest.fixture
def gpai_system(vendor, owner):
    model = GpaiModelFactory(vendor=vendor, organisation=vendor.organisation, training_compute_flop=3e24)
    return AiSystemFactory(vendor=vendor, name="Helpdesk bot", gpai_model=model, lifecycle="in_use")


@pytest.fixture
def make_contract(legal, vendor):
    def make(systems, **data):
        values = {"title": "Master services agreement", "vendor": vendor, "starts_on": dt.date(2026, 1, 1), **data}
        return services.contract_create(actor=legal, data=values, systems=systems)

    return make
