"""Issue 16 item 14: a system's "Recent activity" shows what happened to it, in sentences, autosaves folded."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.demo import DEMO_ANSWERS
from assessments.services import classification_save, draft_update
from compliance import services
from compliance.models import RedFlag
from core.models import AuditEvent, Role
from core.selectors import recent_activity

pytestmark = pytest.mark.django_db


def activity_text(client, system) -> str:
    html = client.get(system.get_absolute_url()).content.decode()
    section = html[html.index('id="activity-heading"') : html.index("</section>", html.index('id="activity-heading"'))]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_classification_requests_and_risk_acceptance_show_beside_folded_autosaves(
    login, members, actor_of, owner_actor, system
):
    legal = members[Role.LEGAL]
    system.name = "TalentLens Screen"
    system.save()
    answers = DEMO_ANSWERS["TalentLens Screen"]
    keys = sorted(answers)
    for i in range(1, len(keys) + 1):  # a questionnaire autosaves as it is answered, one more answer each time
        partial = {key: answers[key] for key in keys[:i]}
        draft_update(actor=owner_actor, ai_system=system, answers=partial, timeline="omnibus-2026")
    saves = AuditEvent.objects.filter(action="assessments.draft.updated").count()
    assert saves >= 3
    client = login(legal)

    text = activity_text(client, system)
    assert f"Saved questionnaire answers: Classification draft of TalentLens Screen ({saves} saves)" in text
    assert text.count("Saved questionnaire answers") == 1

    classification_save(actor=owner_actor, ai_system=system, answers=answers)
    assert "Saved a classification:" in activity_text(client, system)

    services.document_requests_create_missing(actor=owner_actor, ai_system=system)
    flag = RedFlag.objects.filter(ai_system=system, state="open").first()
    services.risk_accept(actor=actor_of(Role.LEGAL), flag=flag, justification="Covered by the vendor's audit report.")

    text = activity_text(client, system)
    assert "Asked the vendor for" in text
    assert "Accepted the risk of the red flag" in text
    assert "compliance.red_flag.risk_accepted" not in text  # the code is only a tooltip


def test_the_activity_costs_the_same_queries_with_more_history(owner_actor, system):
    classification_save(actor=owner_actor, ai_system=system, answers=DEMO_ANSWERS["TalentLens Screen"])

    def queries():
        with CaptureQueriesContext(connection) as context:
            recent_activity(system)
        return len(context.captured_queries)

    few = queries()
    services.document_requests_create_missing(actor=owner_actor, ai_system=system)
    classification_save(actor=owner_actor, ai_system=system, answers=DEMO_ANSWERS["TalentLens Screen"])
    assert queries() == few
