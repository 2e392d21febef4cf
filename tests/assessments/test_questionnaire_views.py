"""The web questionnaire: sections, drafts, review, saving, results, history and comparison."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Classification, ClassificationDraft
from core.models import Role
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


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.LEGAL, Role.APPROVER])
def test_read_only_roles_read_results_but_may_not_classify(login, members, owner_actor, system, role):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    client = login(members[role])
    assert client.get(reverse("assessments:classification_detail", args=[snapshot.pk])).status_code == 200
    assert client.get(reverse("assessments:history", args=[system.pk])).status_code == 200
    assert client.get(questionnaire_url(system)).status_code == 403
    assert client.post(reverse("assessments:review", args=[system.pk]), {}).status_code == 403
    assert not Classification.objects.exclude(pk=snapshot.pk).exists()


def test_another_organisation_gets_404_everywhere(login, outsider, owner_actor, system):
    snapshot = services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)
    client = login(outsider)
    for url in (
        questionnaire_url(system),
        reverse("assessments:review", args=[system.pk]),
        reverse("assessments:history", args=[system.pk]),
        reverse("assessments:classification_detail", args=[snapshot.pk]),
        reverse("assessments:compare", args=[system.pk]) + f"?older={snapshot.pk}&newer={snapshot.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessments:discard_draft", args=[system.pk])).status_code == 404
