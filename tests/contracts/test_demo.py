import io

import pytest
from django.core.management import call_command

from compliance.models import FlagState, RedFlag
from contracts.models import Contract, Modification


@pytest.mark.django_db
def test_seed_demo_records_the_contracts_and_the_modification_log_once():
    first = io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=io.StringIO())

    hr = Contract.objects.get(title="TalentLens SaaS subscription agreement")
    gaps = set(
        hr.clauses.filter(required=True).exclude(state__in=["present", "waived"]).values_list("clause_code", flat=True)
    )
    assert gaps == {"incident_cooperation", "update_notification_30_days"}
    credit = Contract.objects.get(title="Kreditwerk scoring services agreement")
    assert credit.missing_mandatory == 0 and credit.clauses.filter(required=True).exists()
    flags = RedFlag.objects.filter(ai_system__name="TalentLens Screen", state=FlagState.OPEN)
    assert flags.filter(code__startswith="clause_missing_").exists()
    credit_flags = RedFlag.objects.filter(ai_system__name="KW Score Consumer", code__startswith="clause_missing_")
    assert not credit_flags.filter(state=FlagState.OPEN).exists()
    entry = Modification.objects.get()
    assert entry.ai_system.name == "Brightdesk Assist" and entry.triggers == []
    assert "previewed modifications that would make us the provider" in first.getvalue()
