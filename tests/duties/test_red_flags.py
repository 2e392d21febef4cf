"""The red flags registered by duties: raised while a duty is open, cleared when it is done."""

import pytest
from django.core.exceptions import ValidationError

from compliance import catalogue
from compliance.models import FlagState, RedFlag
from core.models import Role
from duties import services
from duties.models import Duty
from tests.duties.conftest import CREDIT_SCORING, PUBLIC_AUTHORITY, WORKPLACE_HR, classify, days_ago, pdf_file
from tests.factories import AiSystemFactory
from vendors.models import Lifecycle

pytestmark = pytest.mark.django_db


def open_codes(system) -> set[str]:
    return set(RedFlag.objects.filter(ai_system=system, state=FlagState.OPEN).values_list("code", flat=True))


def duty(system, code) -> Duty:
    return Duty.objects.get(ai_system=system, code=code)


@pytest.fixture
def in_use_system(vendor, owner):
    """Registered as already in use before it was classified (as the demo's HR screener)."""
    return AiSystemFactory(vendor=vendor, name="In use already", created_by=owner.user, lifecycle=Lifecycle.IN_USE)


def test_pre_use_flags_are_raised_and_cleared(system, owner_actor, owner):
    classify(system, owner_actor, {**CREDIT_SCORING, "org.is_employer_using_at_workplace": True})
    assert {"fria_missing_before_use", "workers_not_informed_before_use", "no_human_oversight_assigned"} <= open_codes(
        system
    )
    services.oversight_assign(
        actor=owner_actor,
        duty=duty(system, "human_oversight"),
        data={"member": owner, "competence": "Credit risk", "can_stop": False},
    )
    assert "no_human_oversight_assigned" in open_codes(system)  # nobody may stop it yet
    services.oversight_remove(actor=owner_actor, assignment=duty(system, "human_oversight").oversight_people.get())
    services.oversight_assign(
        actor=owner_actor,
        duty=duty(system, "human_oversight"),
        data={"member": owner, "competence": "Credit risk", "can_stop": True},
    )
    assert "no_human_oversight_assigned" not in open_codes(system)
    services.duty_record_save(
        actor=owner_actor,
        duty=duty(system, "workers_informed"),
        data={"informed_on": days_ago(1), "how": "Works council"},
        file=pdf_file(),
    )
    assert "workers_not_informed_before_use" not in open_codes(system)
    assert RedFlag.objects.filter(ai_system=system, code="no_human_oversight_assigned", state="resolved").exists()


def test_public_registration_flag(system, owner_actor):
    classify(system, owner_actor, PUBLIC_AUTHORITY)
    assert "public_registration_missing" in open_codes(system)
    services.duty_record_save(
        actor=owner_actor,
        duty=duty(system, "public_registration"),
        data={"entry_reference": "EU-DB-C-000123", "registered_on": days_ago(2)},
    )
    assert "public_registration_missing" not in open_codes(system)


def test_log_retention_flag_once_in_use(system, in_use_system, owner_actor, owner):
    classify(system, owner_actor, WORKPLACE_HR)
    assert "log_retention_too_short" not in open_codes(system)  # evaluating: nothing logged yet
    classify(in_use_system, owner_actor, WORKPLACE_HR)
    assert "log_retention_too_short" in open_codes(in_use_system)
    logs = duty(in_use_system, "monitoring_and_logs")
    record = {"retention_months": 4, "location": "SIEM", "reviewer": owner, "review_frequency": "weekly"}
    with pytest.raises(ValidationError):
        services.duty_record_save(actor=owner_actor, duty=logs, data=record)
    services.duty_record_save(
        actor=owner_actor, duty=logs, data={**record, "other_law": "Sectoral law X art 5 caps log storage at 4 months"}
    )
    assert "log_retention_too_short" not in open_codes(in_use_system)


def test_ai_literacy_gap_for_untrained_users_of_high_risk_systems(system, owner_actor, members):
    classify(system, owner_actor, WORKPLACE_HR)
    requester = members[Role.REQUESTER]
    services.system_user_add(actor=owner_actor, ai_system=system, member=requester)
    assert "ai_literacy_gap" in open_codes(system)
    services.training_create(
        actor=owner_actor, data={"member": requester, "title": "AI at work", "taken_on": days_ago(5)}
    )
    assert "ai_literacy_gap" not in open_codes(system)


def test_our_own_fria_and_dpia_are_not_asked_of_the_vendor(system, owner_actor):
    classification = classify(system, owner_actor, CREDIT_SCORING)
    assert {"fria", "dpia"} <= set(classification.required_documents)
    owed = {document.code for document in catalogue.required_documents(system)}
    assert "fria" not in owed and "dpia" not in owed
    assert "eu_declaration_of_conformity" in owed
    assert {"fria", "dpia"} <= {d.code for d in Duty.objects.filter(ai_system=system)}
