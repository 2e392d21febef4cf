"""The questionnaire from what we know: pre-filled answers, an explicit "none of these", presumptions to
confirm, a loud warning when most answers are defaults; results that speak plainly about bans and legacy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from assessments import prefill, services
from assessments.forms import NONE_OF_THESE
from assessments.models import ClassificationDraft
from assessments.views import _questionnaire
from vendors.models import GpaiModel


def questionnaire_url(system, section):
    return f"{reverse('assessments:questionnaire', args=[system.pk])}?section={section}"


def review_url(system):
    return reverse("assessments:review", args=[system.pk])


def result_page(client, snapshot) -> str:
    return client.get(reverse("assessments:classification_detail", args=[snapshot.pk])).content.decode()


@pytest.fixture
def us_vendor_system(system):
    system.vendor.country = "US"
    system.vendor.save()
    return system


def test_the_vendors_country_pre_fills_its_establishment_marked_and_changeable(login, owner, us_vendor_system):
    client = login(owner)
    page = client.get(questionnaire_url(us_vendor_system, "organisation")).content.decode()
    assert "Pre-filled" in page and "the vendor&#x27;s country (United States)" in page
    state = _questionnaire(us_vendor_system)
    assert state.answers["vendor.established_in_eu"] is False
    assert state.answers["org.established_in_eu"] is True  # our organisation is in Germany
    review = client.get(review_url(us_vendor_system)).content.decode()
    assert "(pre-filled from the vendor&#x27;s country (United States))" in review
    # changed by the person: their answer stands and is no longer marked as pre-filled
    client.post(
        questionnaire_url(us_vendor_system, "organisation"),
        {"section": "organisation", "vendor__established_in_eu": "yes", "next": "1"},
    )
    state = _questionnaire(us_vendor_system)
    assert state.answers["vendor.established_in_eu"] is True and "vendor.established_in_eu" not in state.prefilled


def test_a_linked_gpai_model_pre_fills_its_compute_and_code_of_practice(organisation, system):
    system.gpai_model = GpaiModel.objects.create(
        organisation=organisation,
        vendor=system.vendor,
        name="Helix",
        version="4",
        training_compute_flop=3e25,
        code_of_practice_signatory="yes",
    )
    system.save()
    state = _questionnaire(system)
    assert state.answers["model.is_gpai"] is True
    assert state.answers["model.training_compute_flop"] == 3e25
    assert state.answers["model.signed_code_of_practice"] == "yes"
    assert set(state.prefilled) >= {"model.is_gpai", "model.training_compute_flop", "model.signed_code_of_practice"}


def test_saved_answers_win_over_the_register(owner_actor, us_vendor_system):
    services.draft_update(
        actor=owner_actor,
        ai_system=us_vendor_system,
        answers={"vendor.established_in_eu": True},
        timeline="omnibus-2026",
    )
    state = _questionnaire(us_vendor_system)
    assert state.answers["vendor.established_in_eu"] is True and "vendor.established_in_eu" not in state.prefilled


def test_a_second_source_for_the_same_answer_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured):
        prefill.register_prefill("vendor.established_in_eu")(lambda system: None)


def _post_use_case(client, system, **fields):
    data = {"section": "use_case", "system__annex_iii_points": ["4a"], "next": "1", **fields}
    return client.post(questionnaire_url(system, "use_case"), data)


def test_art6_3_has_an_explicit_none_of_these_and_blank_is_not_none(login, owner, system):
    client = login(owner)
    _post_use_case(client, system)
    page = client.get(questionnaire_url(system, "use_case")).content.decode()
    draft = ClassificationDraft.objects.get(ai_system=system)
    assert "system.art6_3_conditions" not in draft.answers  # nothing ticked: left blank
    _post_use_case(client, system, system__art6_3_conditions=[NONE_OF_THESE])
    draft.refresh_from_db()
    assert draft.answers["system.art6_3_conditions"] == []  # explicitly none of these
    assert page.count("None of these") >= 1


def test_none_of_these_with_a_condition_ticked_is_refused(login, owner, system):
    client = login(owner)
    _post_use_case(client, system)
    response = _post_use_case(client, system, system__art6_3_conditions=[NONE_OF_THESE, "preparatory_task"])
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert "system.art6_3_conditions" not in ClassificationDraft.objects.get(ai_system=system).answers


def test_the_review_warns_loudly_when_most_shown_questions_took_their_default(login, owner, owner_actor, system):
    services.draft_update(actor=owner_actor, ai_system=system, answers={}, timeline="omnibus-2026")
    page = login(owner).get(review_url(system)).content.decode()
    assert "Most questions were not answered" in page
    assert page.index("Most questions were not answered") < page.index("Result if saved now")


def test_the_review_does_not_warn_when_most_questions_were_answered(login, owner, owner_actor, system):
    state = _questionnaire(system)
    answers = {q.id: q.default if q.default is not None else False for q in state.unanswered() if q.type == "bool"}
    services.draft_update(actor=owner_actor, ai_system=system, answers=answers, timeline="omnibus-2026")
    assert "Most questions were not answered" not in login(owner).get(review_url(system)).content.decode()


def test_the_result_lists_only_shown_questions_among_the_defaults(login, owner, owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers={})
    page = result_page(login(owner), snapshot)
    trace_defaults = snapshot.result["trace"][0]["because"]
    # the engine read the default of the hidden public-authority question, but it was never asked
    assert any(line.startswith("org.is_public_authority ") for line in trace_defaults)
    assert "org.is_public_authority not answered" not in page
    assert "system.is_ai_system not answered" in page


def test_the_emotion_inference_is_presented_as_a_presumption_to_confirm(login, owner, owner_actor, system):
    services.draft_update(
        actor=owner_actor,
        ai_system=system,
        answers={
            "system.annex_iii_points": ["1c"],
            "org.uses_under_own_authority": True,
            "org.is_employer_using_at_workplace": True,
        },
        timeline="omnibus-2026",
    )
    page = login(owner).get(questionnaire_url(system, "emotion")).content.decode()
    assert "Presumed" in page and "follows from your other answers" in page
    assert 'value="yes" id="id_system__infers_emotions_at_work_or_education_0" checked' in page


def test_a_prohibited_practice_comes_first_in_plain_words_with_its_date_and_fine(login, owner, owner_actor, system):
    answers = {
        "system.annex_iii_points": ["1c"],
        "org.uses_under_own_authority": True,
        "org.is_employer_using_at_workplace": True,
    }
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=answers)
    page = result_page(login(owner), snapshot)
    notice = page.index("This system may not be used")
    assert notice < page.index('id="result-heading"')
    assert "Inferring emotions at the workplace or in education" in page
    assert 'datetime="2025-02-02"' in page[notice:]
    assert "EUR 35 million or 7 %" in page and "Art 99(3)" in page


def legacy_deployer_of(point: str) -> dict:
    """We use a system of this Annex III point, on the market since March 2025 and unchanged."""
    return {
        "system.annex_iii_points": [point],
        "system.placed_on_market_on": "2025-03-01",
        "org.uses_under_own_authority": True,
    }


def test_a_legacy_system_says_why_its_duties_do_not_apply_and_until_when(login, owner, owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=legacy_deployer_of("5b"))
    page = result_page(login(owner), snapshot)
    assert "High-risk duties of a legacy system (Art 111(2))" in page
    assert "as soon as its design or intended purpose changes significantly" in page
    held_back = page[page.index("Duty not owed for now") :]
    assert "Art 26" in held_back and "Art 27" in held_back


def test_a_legacy_system_for_public_authorities_says_2030(login, owner, owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=legacy_deployer_of("5a"))
    assert snapshot.result["legacy_system"] == {"applies": True, "cut_off": "2027-12-02", "comply_by": "2030-08-02"}
    page = result_page(login(owner), snapshot)
    assert "intended to be used by public authorities" in page and 'datetime="2030-08-02"' in page
