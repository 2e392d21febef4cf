"""Pages say what things are in words; codes (document types, flags, audit actions, rules) only in tooltips."""

import re
from html import unescape

import pytest
from django.urls import reverse

from assessments.demo import DEMO_ANSWERS
from assessments.services import classification_save
from compliance import catalogue
from compliance.models import RedFlag
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    """What a person reads: tags, attributes, scripts and the page's forms' field names left out."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|select|form)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def classified(owner_actor, system):
    system.name = "TalentLens Screen"
    system.save()
    return classification_save(actor=owner_actor, ai_system=system, answers=DEMO_ANSWERS["TalentLens Screen"])


def test_the_classification_names_the_documents_to_collect_in_words(login, owner, classified):
    response = login(owner).get(reverse("assessments:classification_detail", args=[classified.pk]))
    html = response.content.decode()
    section = html[
        html.index('id="documents-heading"') : html.index("</section>", html.index('id="documents-heading"'))
    ]

    for code in classified.required_documents:
        assert catalogue.label(code) in section
        assert f'<li title="{code}">' in section
        assert re.sub(r"<[^>]+>", " ", section).count(code) == 0


def test_the_red_flag_list_shows_the_message_and_keeps_the_code_in_a_tooltip(login, owner, classified):
    flag = RedFlag.objects.filter(ai_system=classified.ai_system).first()
    response = login(owner).get(reverse("compliance:red_flag_list"))
    text = visible_text(response)

    assert flag.message in text
    assert flag.code not in text
    assert f'title="{flag.code}"' in response.content.decode()


@pytest.mark.parametrize("page", ["audit_log", "audit_event"])
def test_the_audit_log_tells_what_happened_without_action_codes(login, owner, classified, page):
    event = AuditEvent.objects.filter(organisation=owner.organisation).order_by("-sequence").first()
    url = reverse("audit_log") if page == "audit_log" else reverse("audit_event", args=[event.pk])
    response = login(owner).get(url)
    text = visible_text(response)

    assert event.action not in text
    assert f'title="{event.action}"' in response.content.decode()
