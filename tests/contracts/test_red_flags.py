"""The contract red flags: raised and cleared as contracts and clauses change."""

import datetime as dt

import pytest

from compliance.models import FlagState, RedFlag
from contracts import services
from contracts.models import ClauseState
from tests.contracts.conftest import HR_SCREENING

pytestmark = pytest.mark.django_db


def open_codes(system) -> set[str]:
    return set(RedFlag.objects.filter(ai_system=system, state=FlagState.OPEN).values_list("code", flat=True))


def test_a_high_risk_system_in_use_without_a_contract_is_flagged_until_one_is_recorded(system, classify, make_contract):
    classify(system, HR_SCREENING)
    assert "contract_missing" in open_codes(system)
    make_contract([system])
    codes = open_codes(system)
    assert "contract_missing" not in codes
    assert {"clause_missing_critical", "clause_missing_major"} <= codes


def test_clause_flags_clear_when_the_clauses_are_present_or_waived(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    contract = make_contract([system])
    for row in contract.clauses.filter(required=True, severity="critical"):
        services.clause_status_set(actor=legal, clause=row, state=ClauseState.PRESENT)
    codes = open_codes(system)
    assert "clause_missing_critical" not in codes and "clause_missing_major" in codes
    for row in contract.clauses.filter(required=True).exclude(state="present"):
        services.clause_status_set(actor=legal, clause=row, state=ClauseState.WAIVED, justification="Group terms")
    assert not {code for code in open_codes(system) if code.startswith("clause_missing")}


def test_an_ended_contract_of_a_system_in_use_is_flagged(system, classify, make_contract, legal):
    classify(system, HR_SCREENING)
    contract = make_contract([system], starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1))
    codes = open_codes(system)
    assert "contract_expired_in_use" in codes and "contract_missing" not in codes
    services.contract_update(actor=legal, contract=contract, data={"ends_on": dt.date(2099, 1, 1)})
    assert "contract_expired_in_use" not in open_codes(system)


def test_a_system_not_in_use_needs_no_contract_yet(system, classify):
    system.lifecycle = "evaluating"
    system.save()
    classify(system, HR_SCREENING)
    assert "contract_missing" not in open_codes(system)
