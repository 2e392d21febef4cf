"""The system's market date in the register pre-fills the Art 111(2) question, marked and changeable."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments import services
from assessments.views import _questionnaire

pytestmark = pytest.mark.django_db

KEY = "system.placed_on_market_on"


@pytest.fixture
def high_risk_system(owner_actor, system):
    """A system of an Annex III use, so the questionnaire asks for its market history."""
    services.draft_update(
        actor=owner_actor, ai_system=system, answers={"system.annex_iii_points": ["4a"]}, timeline="omnibus-2026"
    )
    return system


def history_page(client, system) -> str:
    url = f"{reverse('assessments:questionnaire', args=[system.pk])}?section=history"
    return client.get(url).content.decode()


def test_the_recorded_date_pre_fills_the_question(login, owner, high_risk_system):
    high_risk_system.placed_on_market_on = dt.date(2025, 3, 1)
    high_risk_system.save()

    state = _questionnaire(high_risk_system)
    assert state.answers[KEY] == "2025-03-01" and KEY in state.prefilled
    page = history_page(login(owner), high_risk_system)
    assert "Pre-filled" in page and "the system&#x27;s record (first on the market or in service)" in page
    assert 'value="2025-03-01"' in page


def test_no_date_recorded_no_pre_fill(login, owner, high_risk_system):
    state = _questionnaire(high_risk_system)
    assert KEY not in state.answers and KEY not in state.prefilled
    assert "the system&#x27;s record" not in history_page(login(owner), high_risk_system)


def test_the_explicit_answer_wins_over_the_register(owner_actor, high_risk_system):
    high_risk_system.placed_on_market_on = dt.date(2025, 3, 1)
    high_risk_system.save()
    services.draft_update(
        actor=owner_actor,
        ai_system=high_risk_system,
        answers={"system.annex_iii_points": ["4a"], KEY: "2024-06-15"},
        timeline="omnibus-2026",
    )

    state = _questionnaire(high_risk_system)
    assert state.answers[KEY] == "2024-06-15" and KEY not in state.prefilled
