"""The AI system and vendor lists show and filter by risk tier, open red flags and documents, in constant queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RiskTier
from compliance import services
from compliance.models import FlagState, RedFlag
from tests.factories import AiSystemFactory, ClassificationFactory, VendorFactory
from vendors.models import AiSystem

pytestmark = pytest.mark.django_db

SYSTEMS, VENDORS = "/vendors/systems/", "/vendors/"


def classify(system, tier: str):
    result = {"risk_tier": tier, "required_documents": ["eu_declaration_of_conformity"] if tier == "high_risk" else []}
    return ClassificationFactory(ai_system=system, result=result)


@pytest.fixture
def registry(organisation, owner):
    """Acme: one high-risk system (flagged) and one minimal; Beta: one limited; Gamma: one never classified."""
    acme = VendorFactory(organisation=organisation, legal_name="Acme AI")
    beta = VendorFactory(organisation=organisation, legal_name="Beta Labs")
    gamma = VendorFactory(organisation=organisation, legal_name="Gamma Data")
    screen = AiSystemFactory(vendor=acme, name="Screen", business_owner=owner, processes_personal_data=False)
    chat = AiSystemFactory(vendor=acme, name="Chat", business_owner=owner, processes_personal_data=False)
    bot = AiSystemFactory(vendor=beta, name="Bot", business_owner=owner, processes_personal_data=False)
    AiSystemFactory(vendor=gamma, name="Raw", business_owner=owner, processes_personal_data=False)
    classify(screen, "minimal_risk")
    classify(screen, "high_risk")  # the newer snapshot is the one in force
    classify(chat, "minimal_risk")
    classify(bot, "limited_risk")
    services.red_flags_reevaluate_system(screen)
    return {"acme": acme, "beta": beta, "gamma": gamma, "screen": screen}


def rows(response) -> dict[str, str]:
    """Row text by the first cell's link text, whitespace collapsed."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r"<a [^>]*>([^<]+)</a>", row).group(1)
        found[name] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return found


def test_the_system_list_shows_tier_flags_and_documents(login, owner, registry):
    open_flags = RedFlag.objects.filter(ai_system=registry["screen"], state=FlagState.OPEN).count()
    assert open_flags >= 1

    listed = rows(login(owner).get(SYSTEMS))

    assert "High-risk" in listed["Screen"] and f"{open_flags} open" in listed["Screen"]
    assert "0 of 2 verified or waived" in listed["Screen"]  # the declaration and the vendor's SOC 2 report
    assert "Minimal risk" in listed["Chat"] and "None" in listed["Chat"]
    assert "Limited risk (transparency)" in listed["Bot"]
    assert "Not classified" in listed["Raw"]
    assert "high_risk" not in " ".join(listed.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"risk_tier": RiskTier.HIGH_RISK}, {"Screen"}),
        ({"risk_tier": RiskTier.MINIMAL_RISK}, {"Chat"}),  # Screen's minimal snapshot is superseded
        ({"risk_tier": "unclassified"}, {"Raw"}),
        ({"open_flags": "true"}, {"Screen"}),
        ({"open_flags": "false"}, {"Chat", "Bot", "Raw"}),
        ({"lifecycle": "production", "risk_tier": RiskTier.LIMITED_RISK}, {"Bot"}),
    ],
)
def test_the_system_list_filters_by_them(login, owner, registry, query, expected):
    AiSystem.objects.update(lifecycle="production")
    response = login(owner).get(SYSTEMS, query)
    assert set(rows(response)) == expected


def test_the_vendor_list_shows_worst_tier_and_open_flags(login, owner, registry):
    client = login(owner)
    listed = rows(client.get(VENDORS))

    assert "High-risk" in listed["Acme AI"] and "open" in listed["Acme AI"]
    assert "Limited risk (transparency)" in listed["Beta Labs"] and "None" in listed["Beta Labs"]
    assert "Not classified" in listed["Gamma Data"]
    assert set(rows(client.get(VENDORS, {"risk_tier": "high_risk"}))) == {"Acme AI"}
    assert set(rows(client.get(VENDORS, {"risk_tier": "minimal_risk"}))) == {"Acme AI"}
    assert set(rows(client.get(VENDORS, {"risk_tier": "unclassified"}))) == {"Gamma Data"}
    assert set(rows(client.get(VENDORS, {"open_flags": "true"}))) == {"Acme AI"}


def test_an_unknown_tier_is_a_filter_error_not_a_crash(login, owner, registry):
    response = login(owner).get(SYSTEMS, {"risk_tier": "<script>"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("url", [SYSTEMS, VENDORS])
def test_the_columns_cost_the_same_for_4_or_30_systems(login, owner, registry, url):
    client = login(owner)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for i in range(26):
        system = AiSystemFactory(vendor=VendorFactory(organisation=owner.organisation), business_owner=owner)
        classify(system, "high_risk" if i % 2 else "limited_risk")
    assert queries() == few
