"""Demo data of deployer duties: the credit-scoring FRIA in review, oversight on it, the HR screener in use
with its workers not yet informed; idempotent."""

import pytest
from django.core.management import call_command

from compliance.models import RedFlag
from duties.models import Duty, Fria, OversightAssignment, SystemUser, Training
from vendors.models import Lifecycle

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_duties_story_once(capsys):
    call_command("seed_demo")
    counts = (Duty.objects.count(), Fria.objects.count(), Training.objects.count(), SystemUser.objects.count())
    call_command("seed_demo")
    assert (Duty.objects.count(), Fria.objects.count(), Training.objects.count(), SystemUser.objects.count()) == counts

    fria = Fria.objects.get(ai_system__name="KW Score Consumer")
    assert fria.status == "in_review" and fria.reviewers.exists() and not fria.missing_elements()
    assert OversightAssignment.objects.filter(duty__ai_system__name="KW Score Consumer", can_stop=True).exists()

    screener = Duty.objects.get(ai_system__name="TalentLens Screen", code="workers_informed")
    assert screener.ai_system.lifecycle == Lifecycle.IN_USE and screener.status == "open"
    assert RedFlag.objects.filter(ai_system=screener.ai_system, code="workers_not_informed_before_use").exists()
    assert "Deployer duties" in capsys.readouterr().out
