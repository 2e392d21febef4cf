"""Demo deployer duties: the credit-scoring system's FRIA in review with oversight assigned, the HR
screener in use with its workers not yet informed, a few AI literacy trainings and system users.

Written through the services, so every step is audited and the red flags follow; a second
run finds everything in place and creates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from core.access import Actor
from core.dates import today_in
from core.demo import register_demo_step
from core.models import Membership, Organisation, Role
from duties import services
from duties.models import Duty, Fria, FriaStatus, SystemUser, Training
from vendors.models import AiSystem

CREDIT_SCORING = "KW Score Consumer"
HR_SCREENER = "TalentLens Screen"

FRIA_TEXTS = {
    "processes": (
        "Consumer loan applications up to EUR 50,000 in our retail branches and online: the score is one input to "
        "the credit officer's decision, never the decision itself."
    ),
    "period_and_frequency": "From the first quarter of 2027 for three years; about 1,200 applications a week.",
    "affected_persons": "Consumers applying for credit, including people with a thin credit history and young adults.",
    "risks_of_harm": (
        "Indirect discrimination through proxies for origin or sex; wrongful refusal of credit; opaque reasons. "
        "The provider's instructions report lower accuracy for applicants with under two years of history."
    ),
    "human_oversight": (
        "A credit officer reviews every refusal and every score in the lowest band, and may override the score; "
        "the head of credit risk may suspend the system."
    ),
    "mitigation": (
        "Monthly fairness review by credit risk; complaints through the customer desk within 30 days; suspension "
        "and notice to the provider on a serious incident; governance by the credit committee."
    ),
}
TRAININGS = (("owner", "AI Act essentials for leaders"), ("compliance", "AI literacy for AI system operators"))


def _member(organisation: Organisation, role: str) -> Membership | None:
    return Membership.objects.filter(organisation=organisation, role=role).select_related("user").first()


def _system(organisation: Organisation, name: str) -> AiSystem | None:
    return AiSystem.objects.filter(organisation=organisation, name=name).first()


@register_demo_step(order=70)
def seed_duties(context) -> Counter[str]:
    """Deployer duties: oversight, a FRIA in review, AI literacy trainings and system users"""
    return _seed_organisation(context.organisation, context.actor)


def _seed_organisation(organisation: Organisation, actor: Actor) -> Counter[str]:
    counts: Counter[str] = Counter()
    today = today_in(organisation.time_zone)
    counts += _seed_trainings(organisation, actor, today)
    credit = _system(organisation, CREDIT_SCORING)
    if credit is not None and Duty.objects.filter(ai_system=credit, code="fria").exists():
        counts += _seed_credit_scoring(organisation, actor, credit, today)
    screener = _system(organisation, HR_SCREENER)
    if screener is not None:
        counts += _seed_users(organisation, actor, screener, (Role.REQUESTER, Role.COMPLIANCE))
    return +counts


def _seed_trainings(organisation: Organisation, actor: Actor, today: dt.date) -> Counter[str]:
    counts: Counter[str] = Counter()
    for role, title in TRAININGS:
        member = _member(organisation, role)
        if member is None or Training.objects.filter(member=member, title=title).exists():
            continue
        data = {"member": member, "title": title, "taken_on": today - dt.timedelta(days=40)}
        services.training_create(actor=actor, data=data)
        counts["AI literacy trainings"] += 1
    return counts


def _seed_users(organisation, actor, system, roles) -> Counter[str]:
    counts: Counter[str] = Counter()
    for role in roles:
        member = _member(organisation, role)
        if member is not None and not SystemUser.objects.filter(ai_system=system, member=member).exists():
            services.system_user_add(actor=actor, ai_system=system, member=member)
            counts["system users"] += 1
    return counts


def _seed_credit_scoring(organisation, actor, system, today) -> Counter[str]:
    counts: Counter[str] = Counter()
    oversight = Duty.objects.get(ai_system=system, code="human_oversight")
    overseer = _member(organisation, Role.COMPLIANCE) or _member(organisation, Role.OWNER)
    if overseer is not None and not oversight.oversight_people.exists():
        data = {
            "member": overseer,
            "competence": "Head of credit risk; twelve years of consumer credit decisions.",
            "training_course": "Overseeing AI in credit decisions",
            "trained_on": today - dt.timedelta(days=30),
            "can_stop": True,
        }
        services.oversight_assign(actor=actor, duty=oversight, data=data)
        counts["oversight assignments"] += 1
    reviewer = _member(organisation, Role.LEGAL) or _member(organisation, Role.OWNER)
    if not Fria.objects.filter(ai_system=system).exists() and reviewer is not None:
        fria = services.fria_start(actor=actor, ai_system=system)
        services.fria_update(actor=actor, fria=fria, data=FRIA_TEXTS)
        services.fria_submit(actor=actor, fria=fria, reviewers=[reviewer])
        counts["FRIAs in review"] += int(Fria.objects.get(pk=fria.pk).status == FriaStatus.IN_REVIEW)
    counts += _seed_users(organisation, actor, system, (Role.COMPLIANCE, Role.APPROVER))
    return counts
