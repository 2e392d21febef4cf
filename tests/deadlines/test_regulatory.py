"""Regulatory deadlines follow the system's classification: the dates its obligations start to apply."""

import datetime as dt

import pytest
from freezegun import freeze_time

from assessments.services import classification_save
from core.access import Actor
from deadlines.models import Deadline, DeadlineKind
from deadlines.reminders import send_reminders
from tests.assessments.conftest import HR_SCREENING, SUPPORT_CHATBOT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_2026():
    # AI literacy (Art 4) already applies; deployer obligations (Art 26) are still ahead.
    with freeze_time("2026-01-15 09:00"):
        yield


def regulatory(system) -> list[tuple[str, dt.date]]:
    rows = Deadline.objects.filter(ai_system=system, kind=DeadlineKind.REGULATORY).order_by("due_date")
    return [(row.source_id.split(":", 1)[1], row.due_date) for row in rows]


def classify(system, owner, answers, timeline=None):
    return classification_save(actor=Actor.for_member(owner), ai_system=system, answers=answers, timeline=timeline)


def test_a_classification_adds_the_dates_still_ahead(system, owner):
    classification = classify(system, owner, HR_SCREENING)

    assert regulatory(system) == [("deployer_obligations", dt.date(2027, 12, 2))]
    deadline = Deadline.objects.get(kind=DeadlineKind.REGULATORY)
    assert deadline.owner == system.business_owner == owner
    assert deadline.vendor == system.vendor
    assert deadline.is_milestone
    assert deadline.link == f"/assessments/classifications/{classification.pk}/"
    assert "TalentLens Screen" in deadline.title


def test_a_reclassification_moves_the_deadline_and_keeps_it(system, owner):
    classify(system, owner, HR_SCREENING)
    before = Deadline.objects.get(kind=DeadlineKind.REGULATORY)

    classify(system, owner, HR_SCREENING, timeline="original")

    after = Deadline.objects.get(kind=DeadlineKind.REGULATORY)
    assert after.pk == before.pk
    assert after.due_date == dt.date(2026, 8, 2)


def test_obligations_that_no_longer_apply_lose_their_deadline(system, owner):
    classify(system, owner, HR_SCREENING)

    classify(system, owner, SUPPORT_CHATBOT)

    assert regulatory(system) == []


def test_each_system_has_its_own_regulatory_deadlines(system, owner, vendor):
    from tests.factories import AiSystemFactory

    other = AiSystemFactory(vendor=vendor, name="Second system")
    classify(system, owner, HR_SCREENING)
    classify(other, owner, HR_SCREENING)
    classify(other, owner, SUPPORT_CHATBOT)

    assert regulatory(system) == [("deployer_obligations", dt.date(2027, 12, 2))]
    assert regulatory(other) == []


def test_a_passed_regulatory_date_sends_no_overdue_reminders(system, owner, carol):
    classify(system, owner, HR_SCREENING, timeline="original")  # applies from 2 Aug 2026
    # Only the milestone is under test: the deployer duties it brings (duties app) are real duties, reminded apart.
    Deadline.objects.exclude(kind=DeadlineKind.REGULATORY).delete()

    before = send_reminders(now=dt.datetime(2026, 7, 26, 7, tzinfo=dt.UTC))  # 7 days before
    after = send_reminders(now=dt.datetime(2026, 8, 16, 7, tzinfo=dt.UTC))  # 14 days after

    assert (before.sent, after.sent) == (1, 0)
