"""Reads of deployer duties, FRIAs and AI literacy; the pre-use gate other apps ask."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.models import FlagState, RedFlag, Severity
from core.gaps import Gap
from core.models import Membership
from duties.models import Duty, DutyStatus, Fria, SystemUser, Training
from vendors.models import AiSystem, Lifecycle


def duties_of(system: AiSystem):
    return Duty.objects.active().filter(ai_system=system).select_related("owner__user").order_by("-pre_use", "pk")


def _open_pre_use(system: AiSystem) -> list[Duty]:
    if system.pk is None:
        return []
    return list(Duty.objects.unsettled().filter(ai_system=system, pre_use=True).order_by("pk"))


def open_pre_use_duties(system: AiSystem) -> list[Gap]:
    """One gap per pre-use deployer duty not done (for procurement's gates), code `duty_open:<code>`."""
    gaps = []
    for duty in _open_pre_use(system):
        spec = duty.spec
        severity = Severity.CRITICAL if spec is not None and not spec.acceptable else Severity.MAJOR
        gaps.append(Gap(f"duty_open:{duty.code}", f"Before first use: {duty.label} ({duty.article}).", severity))
    return gaps


def accepted_flag_codes(system: AiSystem) -> set[str]:
    live = RedFlag.objects.filter(ai_system=system, state=FlagState.ACCEPTED)
    return set(live.values_list("code", flat=True))


@dataclass(frozen=True)
class Blocker:
    duty: Duty
    accepted: bool  # a recorded risk acceptance of its red flag covers it


def pre_use_blockers(system: AiSystem) -> list[Blocker]:
    """The open pre-use duties, each with whether a risk acceptance covers it (never for a banned use)."""
    duties = _open_pre_use(system)
    accepted = accepted_flag_codes(system) if duties else set()
    return [
        Blocker(duty, accepted=bool(duty.spec and duty.spec.acceptable and duty.spec.red_flag in accepted))
        for duty in duties
    ]


def lifecycle_guard(system: AiSystem, target: str) -> list[str]:
    """Moving to "in use" is refused while a pre-use duty is open and no risk acceptance covers it."""
    if target != Lifecycle.IN_USE or system.lifecycle == Lifecycle.IN_USE:
        return []
    problems = []
    for blocker in pre_use_blockers(system):
        if blocker.accepted:
            continue
        duty = blocker.duty
        if duty.spec is not None and not duty.spec.acceptable:
            problems.append(f"{duty.label} ({duty.article}) is not done; the AI Act forbids use without it.")
        else:
            problems.append(
                f"{duty.label} ({duty.article}) is not done: complete it, or have legal or the owner accept the risk."
            )
    return problems


def my_duties(membership: Membership):
    return (
        Duty.objects.active()
        .filter(organisation=membership.organisation, owner=membership)
        .select_related("ai_system", "owner__user")
    )


def frias_of(system: AiSystem):
    return Fria.objects.filter(ai_system=system).order_by("-version")


def reusable_frias(organisation, exclude_system: AiSystem | None = None):
    """Approved FRIAs of other systems, for reuse in a similar case (Art 27(2))."""
    frias = Fria.objects.filter(organisation=organisation, status="approved").select_related("ai_system")
    return frias.exclude(ai_system=exclude_system) if exclude_system is not None else frias


# AI literacy ---------------------------------------------------------------------------


def trained_member_ids(organisation) -> set[int]:
    return set(Training.objects.filter(organisation=organisation).values_list("member_id", flat=True))


@dataclass(frozen=True)
class LiteracyCoverage:
    members: int
    trained: int
    users: int  # members who use a high-risk system
    untrained_users: int

    @property
    def percent(self) -> int:
        return round(100 * self.trained / self.members) if self.members else 0


def high_risk_system_ids(organisation) -> set[int]:
    from assessments.models import Classification

    current = Classification.objects.filter(organisation=organisation).current_for_systems()
    return set(current.filter(risk_tier="high_risk").values_list("ai_system_id", flat=True))


def literacy_coverage(organisation) -> LiteracyCoverage:
    trained = trained_member_ids(organisation)
    members = set(Membership.objects.filter(organisation=organisation).values_list("pk", flat=True))
    high_risk = high_risk_system_ids(organisation)
    users = set(
        SystemUser.objects.filter(organisation=organisation, ai_system_id__in=high_risk).values_list(
            "member_id", flat=True
        )
    )
    return LiteracyCoverage(
        members=len(members),
        trained=len(members & trained),
        users=len(users),
        untrained_users=len(users - trained),
    )


def status_counts(organisation) -> dict[str, int]:
    counts = dict.fromkeys(DutyStatus.values, 0)
    for status in Duty.objects.active().filter(organisation=organisation).values_list("status", flat=True):
        counts[status] += 1
    return counts
