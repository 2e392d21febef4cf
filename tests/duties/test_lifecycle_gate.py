"""Moving a system to "in use": refused while a pre-use duty is open, unless a risk acceptance covers it."""

import pytest
from django.core.exceptions import ValidationError

from compliance.models import FlagState, RedFlag
from duties import services
from duties.models import Duty, DutyStatus
from duties.selectors import open_pre_use_duties
from tests.duties.conftest import PUBLIC_AUTHORITY, WORKPLACE_HR, classify, days_ago, pdf_file
from vendors.models import Lifecycle
from vendors.services import ai_system_update

pytestmark = pytest.mark.django_db


def move_to_use(system, actor):
    return ai_system_update(actor=actor, system=system, data={"lifecycle": Lifecycle.IN_USE})


def assign_oversight(system, actor, member):
    duty = Duty.objects.get(ai_system=system, code="human_oversight")
    services.oversight_assign(
        actor=actor, duty=duty, data={"member": member, "competence": "Ten years in HR", "can_stop": True}
    )


def test_open_pre_use_duties_are_gaps_for_procurement(system, owner_actor):
    classify(system, owner_actor, WORKPLACE_HR)
    gaps = open_pre_use_duties(system)
    assert {gap.code for gap in gaps} == {"duty_open:human_oversight", "duty_open:workers_informed"}
    assert all(gap.message.startswith("Before first use") for gap in gaps)


def test_move_to_use_is_refused_with_the_open_duties_named(system, owner_actor):
    classify(system, owner_actor, WORKPLACE_HR)
    with pytest.raises(ValidationError) as refused:
        move_to_use(system, owner_actor)
    problems = " ".join(refused.value.message_dict["lifecycle"])
    assert "human oversight" in problems and "Inform workers" in problems
    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.EVALUATING


def test_move_to_use_is_allowed_once_pre_use_duties_are_done(system, owner_actor, owner):
    classify(system, owner_actor, WORKPLACE_HR)
    assign_oversight(system, owner_actor, owner)
    workers = Duty.objects.get(ai_system=system, code="workers_informed")
    services.duty_record_save(
        actor=owner_actor,
        duty=workers,
        data={"informed_on": days_ago(3), "how": "Works council meeting"},
        file=pdf_file(),
    )
    assert open_pre_use_duties(system) == []
    move_to_use(system, owner_actor)
    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.IN_USE


def test_a_duty_marked_not_applicable_with_a_reason_does_not_block(system, owner_actor, owner):
    classify(system, owner_actor, WORKPLACE_HR)
    assign_oversight(system, owner_actor, owner)
    workers = Duty.objects.get(ai_system=system, code="workers_informed")
    with pytest.raises(ValidationError) as refused:
        services.duty_update(actor=owner_actor, duty=workers, data={"status": DutyStatus.NOT_APPLICABLE})
    assert "not_applicable_reason" in refused.value.message_dict
    services.duty_update(
        actor=owner_actor,
        duty=workers,
        data={"status": DutyStatus.NOT_APPLICABLE, "not_applicable_reason": "Only contractors use it."},
    )
    move_to_use(system, owner_actor)


def test_a_risk_acceptance_of_the_duty_flag_covers_an_open_duty(system, owner_actor, owner):
    classify(system, owner_actor, WORKPLACE_HR)
    assign_oversight(system, owner_actor, owner)
    flag = RedFlag.objects.get(ai_system=system, code="workers_not_informed_before_use")
    assert flag.state == FlagState.OPEN
    from compliance.services import risk_accept

    risk_accept(actor=owner_actor, flag=flag, justification="Works council meets next week; pilot with volunteers.")
    move_to_use(system, owner_actor)
    system.refresh_from_db()
    assert system.lifecycle == Lifecycle.IN_USE


def test_public_registration_cannot_be_risk_accepted(system, owner_actor, owner):
    """Art 26(8): a public authority must not use a system not registered in the EU database."""
    classify(system, owner_actor, PUBLIC_AUTHORITY)
    from compliance.services import risk_accept

    for flag in RedFlag.objects.filter(ai_system=system, state=FlagState.OPEN):
        risk_accept(actor=owner_actor, flag=flag, justification="Accepted for the test.")
    with pytest.raises(ValidationError) as refused:
        move_to_use(system, owner_actor)
    assert refused.value.message_dict["lifecycle"] == [
        "Register our use in the EU database (section C) (Art 26(8), Art 49(3)) is not done; "
        "the AI Act forbids use without it."
    ]
