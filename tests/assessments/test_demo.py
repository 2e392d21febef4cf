import io

import pytest
from django.core.management import call_command

from assessments.selectors import current_classification
from vendors.models import AiSystem


@pytest.mark.django_db
def test_seed_demo_classifies_each_procurement_situation_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    def result_of(name: str) -> dict:
        system = AiSystem.objects.get(name=name)
        assert system.classifications.count() == 1
        return current_classification(system).result

    assert result_of("TalentLens Screen")["risk_tier"] == "high_risk"
    assert result_of("TalentLens Screen")["roles"] == ["deployer"]
    assert result_of("KW Score Consumer")["fria_required"] is True
    assert result_of("StoreSafe Face Match")["conformity_route"] == "annex_vii_notified_body"
    assert result_of("Brightdesk Assist")["transparency_obligations"] == ["50_1"]
    assert result_of("Lumen Shelf Insights")["risk_tier"] == "minimal_risk"
    assert result_of("Dossier Triage")["registration"]["sections"] == ["C"]
