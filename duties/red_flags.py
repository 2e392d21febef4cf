"""The red flags of deployer duties, registered into compliance's red-flag registry.

Each reads one bulk-loaded fact set per system (`facts.extra["duties"]`): which duties are
active and which are not settled, whether the logs duty lacks a retention of six months,
how many users of a high-risk system have no AI literacy training. The pre-use flags stand
for their duty while it is open, so a risk acceptance of the flag covers the duty at the
lifecycle gate (duties.selectors.lifecycle_guard).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.models import Severity, subject_key_of
from compliance.red_flags import SYSTEM, RedFlagRule, register_facts_loader, register_rule
from duties.models import Duty, DutyStatus, SystemUser
from duties.records import log_retention_short
from duties.selectors import high_risk_system_ids, trained_member_ids
from vendors.models import Lifecycle

FACTS = "duties"


@dataclass
class DutyFacts:
    active: set[str] = field(default_factory=set)
    unsettled: set[str] = field(default_factory=set)
    logs_short: bool = False
    untrained_users: int = 0


def load_duty_facts(organisation, systems, vendors) -> dict[str, DutyFacts]:
    """One read of the duties, users and trainings of a batch of systems."""
    by_id = {system.pk: DutyFacts() for system in systems}
    if not by_id:
        return {}
    duties = Duty.objects.active().filter(ai_system_id__in=by_id)
    for system_id, code, status, record in duties.values_list("ai_system_id", "code", "status", "record"):
        facts = by_id[system_id]
        facts.active.add(code)
        if status not in (DutyStatus.DONE, DutyStatus.NOT_APPLICABLE):
            facts.unsettled.add(code)
        if code == "monitoring_and_logs" and status != DutyStatus.NOT_APPLICABLE and log_retention_short(record):
            facts.logs_short = True
    high_risk = high_risk_system_ids(organisation) & set(by_id)
    if high_risk:
        trained = trained_member_ids(organisation)
        users = SystemUser.objects.filter(ai_system_id__in=high_risk).values_list("ai_system_id", "member_id")
        for system_id, member_id in users:
            if member_id not in trained:
                by_id[system_id].untrained_users += 1
    return {subject_key_of(ai_system=system): by_id[system.pk] for system in systems}


def _duties(facts) -> DutyFacts:
    return facts.extra.get(FACTS) or DutyFacts()


def _open(code: str):
    def applies(facts) -> bool:
        return code in _duties(facts).unsettled

    return applies


def log_retention_too_short(facts) -> bool:
    in_use = facts.system is not None and facts.system.lifecycle == Lifecycle.IN_USE
    return in_use and _duties(facts).logs_short


def ai_literacy_gap(facts) -> bool:
    return _duties(facts).untrained_users > 0


RULES = (
    RedFlagRule(
        code="fria_missing_before_use",
        severity=Severity.CRITICAL,
        citation="Art 27(1), Art 27(3)",
        message="The fundamental rights impact assessment this system needs before first use is not approved.",
        action="Complete the FRIA's six elements, have it reviewed and approved, then notify the authority.",
        applies=_open("fria"),
        scopes=(SYSTEM,),
    ),
    RedFlagRule(
        code="workers_not_informed_before_use",
        severity=Severity.MAJOR,
        citation="Art 26(7)",
        message="Workers' representatives and affected workers have not been recorded as informed before use.",
        action="Inform them, then record the date, how, and the notice on the duty.",
        applies=_open("workers_informed"),
        scopes=(SYSTEM,),
    ),
    RedFlagRule(
        code="no_human_oversight_assigned",
        severity=Severity.MAJOR,
        citation="Art 26(2), Art 14",
        message="Nobody competent, trained and with the authority to stop the system is assigned to oversee it.",
        action="Assign at least one person on the human oversight duty, with their training and authority to stop.",
        applies=_open("human_oversight"),
        scopes=(SYSTEM,),
    ),
    RedFlagRule(
        code="log_retention_too_short",
        severity=Severity.MAJOR,
        citation="Art 26(6)",
        message="The system is in use and no log retention of at least six months is recorded.",
        action="Record the retention period of the logs we control (six months or more, or cite the law that differs).",
        applies=log_retention_too_short,
        scopes=(SYSTEM,),
        reads=("ai_system.lifecycle",),
    ),
    RedFlagRule(
        code="public_registration_missing",
        severity=Severity.CRITICAL,
        citation="Art 26(8), Art 49(3)",
        message="As a public authority we have not registered our use of this system in the EU database.",
        action="Register the use in section C of the EU database and record the entry; until then do not use it.",
        applies=_open("public_registration"),
        scopes=(SYSTEM,),
    ),
    RedFlagRule(
        code="ai_literacy_gap",
        severity=Severity.WARNING,
        citation="Art 4",
        message="A user of this high-risk system has no AI literacy training recorded.",
        action="Record the trainings of the system's users on the AI literacy page.",
        applies=ai_literacy_gap,
        scopes=(SYSTEM,),
    ),
)


def register() -> None:
    register_facts_loader(FACTS, load_duty_facts)
    for rule in RULES:
        register_rule(rule)
