"""The web questionnaire: sections, drafts, review, saving, results, history and comparison."""

from django.urls import reverse
from django.utils.html import escape

from assessments import services
from assessments.models import Classification, ClassificationDraft
from assessments.rulepack import default_pack
from core.access import Actor
from tests.assessments.conftest import HR_SCREENING, SUPPORT_CHATBOT


def questionnaire_url(system, section=None):
    url = reverse("assessments:questionnaire", args=[system.pk])
    return f"{url}?section={section}" if section else url


def test_it_shows_the_first_section_with_help_and_citations(login, owner, system):
    response = login(owner).get(questionnaire_url(system))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Section 1 of" in body
    assert 'class="citation"' in body
    assert "supports, does not replace, legal advice" in body.lower()


def test_art6_3_questions_are_asked_only_with_an_annex_iii_point(login, owner, system, owner_actor):
    client = login(owner)
    draft = services.draft_update(actor=owner_actor, ai_system=system, answers={}, timeline="omnibus-2026")
    all_pages = "".join(client.get(questionnaire_url(system, s)).content.decode() for s in _section_ids(client, system))
    assert "system__art6_3_conditions" not in all_pages
    services.draft_update(
        actor=owner_actor, ai_system=system, answers={"system.annex_iii_points": ["4a"]}, timeline=draft.timeline
    )
    all_pages = "".join(client.get(questionnaire_url(system, s)).content.decode() for s in _section_ids(client, system))
    assert "system__art6_3_conditions" in all_pages


def _section_ids(client, system):
    from assessments.views import _questionnaire

    return [s.id for s in _questionnaire(system).sections()]


def test_submitting_a_section_saves_a_draft_and_moves_on(login, owner, system):
    from assessments.views import _questionnaire

    first = _questionnaire(system).sections()[0]
    response = login(owner).post(questionnaire_url(system), {"section": first.id, "next": "1"})
    assert response.status_code == 302
    assert ClassificationDraft.objects.filter(ai_system=system).exists()


def test_the_preview_redraws_questions_without_saving(login, owner, system):
    response = login(owner).post(reverse("assessments:section_preview", args=[system.pk]), {"section": "use_case"})
    assert response.status_code == 200
    assert 'id="section-questions"' in response.content.decode()
    assert not ClassificationDraft.objects.exists()


def test_review_then_save_creates_a_snapshot_and_shows_the_result(login, owner, owner_actor, system):
    services.draft_update(actor=owner_actor, ai_system=system, answers=HR_SCREENING, timeline="omnibus-2026")
    client = login(owner)
    review = client.get(reverse("assessments:review", args=[system.pk]))
    assert review.status_code == 200
    assert "High" in review.content.decode()
    response = client.post(reverse("assessments:review", args=[system.pk]), {"timeline": "omnibus-2026"})
    snapshot = Classification.objects.get(ai_system=system)
    assert response.status_code == 302
    assert response.url == reverse("assessments:classification_detail", args=[snapshot.pk])
    page = client.get(response.url).content.decode()
    assert "Art 26" in page and "Why" in page and "2 Dec 2027" in page
    assert client.get(response.url + "?print=1").status_code == 200


def test_history_and_comparison(login, owner, owner_actor, system):
    older = services.classification_save(actor=owner_actor, ai_system=system, answers=SUPPORT_CHATBOT)
    newer = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    client = login(owner)
    assert client.get(reverse("assessments:history", args=[system.pk])).status_code == 200
    url = reverse("assessments:compare", args=[system.pk])
    page = client.get(url, {"older": older.pk, "newer": newer.pk}).content.decode()
    assert "system.annex_iii_points" in page and "risk_tier" in page


def post_section(client, system, data):
    return client.post(questionnaire_url(system), {"next": "1", **data})


def assert_refused_field(response, name):
    """The page is redrawn with the message next to the field, within its question."""
    assert response.status_code == 200
    assert name in response.context["form"].errors
    body = response.content.decode()
    question = body[body.index(f'id="q-{name}"') :].split('class="question field')[0]
    assert f'class="error" id="id_{name}_error" role="alert"' in question


def test_a_value_outside_the_options_is_refused_at_the_field_and_nothing_is_saved(login, owner, system):
    response = post_section(login(owner), system, {"section": "use_case", "system__annex_iii_points": ["4a", "99"]})
    assert_refused_field(response, "system__annex_iii_points")
    assert not ClassificationDraft.objects.exists()


def test_a_yes_no_answer_that_is_neither_is_refused_and_the_draft_is_unchanged(login, owner, owner_actor, system):
    draft = services.draft_update(actor=owner_actor, ai_system=system, answers=HR_SCREENING, timeline="omnibus-2026")
    response = post_section(
        login(owner),
        system,
        {"section": "use_case", "system__annex_iii_points": [], "system__profiles_natural_persons": "maybe"},
    )
    assert_refused_field(response, "system__profiles_natural_persons")
    draft.refresh_from_db()
    assert draft.answers == HR_SCREENING


def test_a_number_that_is_not_one_is_refused(login, owner, system):
    data = {"section": "gpai", "model__is_gpai": "yes", "model__training_compute_flop": "lots"}
    assert_refused_field(post_section(login(owner), system, data), "model__training_compute_flop")
    assert not ClassificationDraft.objects.exists()


def test_a_refused_value_stays_visible_even_when_its_question_is_hidden(login, owner, system):
    # Without an Annex III point the Art 6(3) questions are hidden, yet the refusal must show.
    data = {"section": "use_case", "system__art6_3_conditions": ["bogus"]}
    assert_refused_field(post_section(login(owner), system, data), "system__art6_3_conditions")
    assert not ClassificationDraft.objects.exists()


def test_an_option_unknown_on_the_drafts_timeline_is_refused_by_the_engine(login, owner, owner_actor, system):
    draft = services.draft_update(actor=owner_actor, ai_system=system, answers={}, timeline="original")
    data = {"section": "prohibited", "system__prohibited_practices": ["5_1_ba"]}
    response = post_section(login(owner), system, data)
    assert_refused_field(response, "system__prohibited_practices")
    assert "original" in str(response.context["form"].errors["system__prohibited_practices"])
    draft.refresh_from_db()
    assert draft.answers == {}


def test_single_boxes_have_a_label_and_option_groups_a_legend(login, owner, owner_actor, system):
    answers = {"model.is_gpai": True, "model.integrated_from_third_party": False}
    services.draft_update(actor=owner_actor, ai_system=system, answers=answers, timeline="omnibus-2026")
    body = login(owner).get(questionnaire_url(system, "gpai")).content.decode()
    for name in ("model__training_compute_flop", "model__placed_on_market_on"):
        assert f'<label for="id_{name}">' in body, name
    assert "<legend>Is the offering a general-purpose AI model" in body


def test_the_why_section_explains_each_rule_in_plain_words(login, owner, system):
    answers = {"system.annex_iii_points": ["4a"], "org.uses_under_own_authority": True}
    snapshot = services.classification_save(actor=Actor.for_member(owner), ai_system=system, answers=answers)
    explanations = {rule.id: rule.explanation for rule in default_pack().rules}
    client = login(owner)
    page = client.get(reverse("assessments:classification_detail", args=[snapshot.pk])).content.decode()
    fired = [e["rule"] for e in snapshot.result["trace"] if e["fired"] and e["rule"] != "defaults"]
    assert fired
    for rule_id in fired:
        assert escape(explanations[rule_id]) in page
    assert "took their default" in page
    printed = client.get(reverse("assessments:classification_detail", args=[snapshot.pk]), {"print": 1})
    assert "<details open>" in printed.content.decode()


def test_each_question_says_what_a_blank_answer_counts_as(login, owner, system):
    page = login(owner).get(reverse("assessments:questionnaire", args=[system.pk])).content.decode()
    assert "left blank, counts as “Yes”" in page  # system.is_ai_system defaults to true (spec)
    assert "left blank, counts as “No”" in page
